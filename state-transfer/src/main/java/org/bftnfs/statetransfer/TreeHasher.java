package org.bftnfs.statetransfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The digest functions of the partition tree (definitions in the package documentation): every
 * input starts with the domain prefix {@code "bftnfs-st1"} and a one-byte tag, then fixed-width
 * big-endian fields, so no two kinds of input can be confused.
 *
 * <ul>
 *   <li>free entry: {@code SHA-256(P || 0x00 || freeEncoding)}, the empty digest of level 0;
 *   <li>leaf in use whose value is {@linkplain Pieces framed}: {@code SHA-256(P || 0x04 || u32
 *       index || u64 key_0 || piece_0 || ... )} over its pieces in key order, where {@code piece_k
 *       = SHA-256(P || 0x05 || body_k)}: a large value's leaf is updated from the pieces that
 *       changed ({@link #leafOfPieces});
 *   <li>any other leaf in use: {@code SHA-256(P || 0x01 || u32 index || value)};
 *   <li>empty subtree of level {@code l >= 1}: {@code SHA-256(P || 0x02 || u8 l || u32 fanout ||
 *       empty(l - 1))};
 *   <li>inner node {@code (l, j)} with at least one non-empty child: {@code SHA-256(P || 0x03 || u8
 *       l || u32 j || child_0 || ... || child_{fanout-1})}; with only empty children it is {@code
 *       empty(l)}.
 * </ul>
 *
 * <p>Thread-safety: not thread-safe (it holds one {@link MessageDigest}); each owner has its own.
 */
public final class TreeHasher {

  private static final byte[] PREFIX = "bftnfs-st1".getBytes(StandardCharsets.US_ASCII);
  private static final byte TAG_FREE = 0;
  private static final byte TAG_LEAF = 1;
  private static final byte TAG_EMPTY = 2;
  private static final byte TAG_NODE = 3;
  private static final byte TAG_PIECES = 4;
  private static final byte TAG_PIECE = 5;

  private final MessageDigest md;
  private final MessageDigest pieceMd;
  private final int fanout;
  private final TreeShape shape;
  private final byte[] scratch;

  /** For {@link TreeShape}'s own constructor, before the shape exists. */
  TreeHasher(int fanout) {
    this(fanout, null);
  }

  /** A hasher for leaves and nodes of {@code shape}. */
  public TreeHasher(TreeShape shape) {
    this(shape.fanout(), shape);
  }

  private TreeHasher(int fanout, TreeShape shape) {
    this.fanout = fanout;
    this.shape = shape;
    this.scratch = new byte[Digest.LENGTH * fanout];
    try {
      this.md = MessageDigest.getInstance("SHA-256");
      this.pieceMd = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  Digest free(byte[] freeEncoding) {
    start(TAG_FREE);
    md.update(freeEncoding);
    return Digest.wrap(md.digest());
  }

  Digest empty(int level, Digest below) {
    start(TAG_EMPTY);
    md.update((byte) level);
    putInt(fanout);
    md.update(below.toBytes());
    return Digest.wrap(md.digest());
  }

  /**
   * The digest of leaf {@code index} holding {@code value}: the empty digest of level 0 if {@code
   * value} is the free encoding, else the in-use leaf digest (of its pieces if it is {@linkplain
   * Pieces framed}).
   */
  public Digest leaf(int index, byte[] value) {
    try {
      return leaf(index, out -> out.write(value));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing to a digest failed", e);
    }
  }

  /** Writes one object's value (its canonical encoding) to a stream. */
  @FunctionalInterface
  public interface ValueWriter {
    /**
     * @throws IOException when {@code out} fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * The digest of leaf {@code index} whose value {@code value} writes, computed while the value is
   * written (it is never held whole): equal to {@link #leaf(int, byte[])} of the same bytes.
   *
   * @throws IOException when writing the value fails
   */
  public Digest leaf(int index, ValueWriter value) throws IOException {
    return leafWithPieces(index, value).digest();
  }

  /**
   * A leaf's digest and, when its value is framed, its pieces' digests (key to digest): what an
   * owner keeps to update the leaf from the pieces that change ({@link #leafOfPieces}).
   */
  public record Leaf(Digest digest, NavigableMap<Long, Digest> pieces) {}

  /**
   * As {@link #leaf(int, ValueWriter)}, with the digests of the value's pieces (null when the value
   * is free or not framed).
   *
   * @throws IOException when writing the value fails
   */
  public Leaf leafWithPieces(int index, ValueWriter value) throws IOException {
    TreeShape s = requireShape();
    s.checkObject(index);
    start(TAG_LEAF);
    putInt(index);
    TreeMap<Long, Digest> pieces = new TreeMap<>();
    Pieces.Splitter splitter =
        new Pieces.Splitter(
            new Pieces.Listener() {
              @Override
              public void start(long key, int length) {
                startPiece();
              }

              @Override
              public void body(byte[] b, int off, int len) {
                pieceMd.update(b, off, len);
              }

              @Override
              public void end(long key) {
                pieces.put(key, Digest.wrap(pieceMd.digest()));
              }
            });
    FreeWatch sink = new FreeWatch(s.freeEncoding(), splitter);
    value.writeTo(sink);
    if (sink.isFree()) {
      md.reset();
      return new Leaf(s.emptyDigest(0), null);
    }
    if (!splitter.framed()) {
      return new Leaf(Digest.wrap(md.digest()), null);
    }
    md.reset();
    return new Leaf(leafOfPieces(index, pieces), pieces);
  }

  /**
   * The digest of one piece's body, which {@code body} writes.
   *
   * @return the digest, or null if {@code body} wrote nothing (the piece is absent)
   * @throws IOException when writing the body fails
   */
  public Digest piece(ValueWriter body) throws IOException {
    startPiece();
    long[] written = new long[1];
    body.writeTo(
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            pieceMd.update(b, off, len);
            written[0] += len;
          }
        });
    Digest d = Digest.wrap(pieceMd.digest());
    return written[0] == 0 ? null : d;
  }

  /**
   * The digest of leaf {@code index} whose value is framed and has these pieces (key to the digest
   * of its body, {@link #piece}): what {@link #leafWithPieces} computes from the value itself.
   *
   * @throws IllegalArgumentException if there is no piece, or a key is negative
   */
  public Digest leafOfPieces(int index, SortedMap<Long, Digest> pieces) {
    TreeShape s = requireShape();
    s.checkObject(index);
    if (pieces.isEmpty() || pieces.firstKey() < 0) {
      throw new IllegalArgumentException("a framed value has pieces with keys >= 0");
    }
    start(TAG_PIECES);
    putInt(index);
    for (Map.Entry<Long, Digest> p : pieces.entrySet()) {
      putInt((int) (p.getKey() >>> 32));
      putInt((int) (long) p.getKey());
      md.update(p.getValue().toBytes());
    }
    return Digest.wrap(md.digest());
  }

  private void startPiece() {
    pieceMd.reset();
    pieceMd.update(PREFIX);
    pieceMd.update(TAG_PIECE);
  }

  /**
   * Feeds the whole-value digest and the splitter, and tells whether what went by is exactly the
   * free encoding.
   */
  private final class FreeWatch extends OutputStream {
    private final byte[] free;
    private final OutputStream splitter;
    private long written;
    private boolean prefixOfFree = true;

    FreeWatch(byte[] free, OutputStream splitter) {
      this.free = free;
      this.splitter = splitter;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (prefixOfFree) {
        prefixOfFree =
            written + len <= free.length
                && Arrays.equals(b, off, off + len, free, (int) written, (int) written + len);
      }
      written += len;
      md.update(b, off, len);
      splitter.write(b, off, len);
    }

    boolean isFree() {
      return prefixOfFree && written == free.length;
    }
  }

  /**
   * The digest of inner node {@code (level, index)} whose children have these digests.
   *
   * @param children exactly {@code fanout} digests, child 0 first
   * @throws IllegalArgumentException if there are not {@code fanout} children or one is null
   */
  public Digest inner(int level, int index, List<Digest> children) {
    TreeShape s = requireShape();
    if (level < 1) {
      throw new IllegalArgumentException("level " + level + " is not an inner level");
    }
    s.checkNode(level, index);
    if (children.size() != fanout) {
      throw new IllegalArgumentException(
          "an inner node has " + fanout + " children, not " + children.size());
    }
    Digest emptyBelow = s.emptyDigest(level - 1);
    boolean allEmpty = true;
    for (int k = 0; k < fanout; k++) {
      Digest c = children.get(k);
      if (c == null) {
        throw new IllegalArgumentException("child " + k + " is null");
      }
      allEmpty &= c.equals(emptyBelow);
      c.copyTo(scratch, k * Digest.LENGTH);
    }
    if (allEmpty) {
      return s.emptyDigest(level);
    }
    start(TAG_NODE);
    md.update((byte) level);
    putInt(index);
    md.update(scratch);
    return Digest.wrap(md.digest());
  }

  private TreeShape requireShape() {
    if (shape == null) {
      throw new IllegalStateException("hasher built without a shape");
    }
    return shape;
  }

  private void start(byte tag) {
    md.reset();
    md.update(PREFIX);
    md.update(tag);
  }

  private void putInt(int v) {
    md.update((byte) (v >>> 24));
    md.update((byte) (v >>> 16));
    md.update((byte) (v >>> 8));
    md.update((byte) v);
  }
}
