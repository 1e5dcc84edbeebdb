package org.bftnfs.statetransfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The digest functions of the partition tree (definitions in the package documentation): every
 * input starts with the domain prefix {@code "bftnfs-st1"} and a one-byte tag, then fixed-width
 * big-endian fields, so no two kinds of input can be confused.
 *
 * <ul>
 *   <li>free entry: {@code SHA-256(P || 0x00 || freeEncoding)}, the empty digest of level 0;
 *   <li>leaf in use: {@code SHA-256(P || 0x01 || u32 index || value)};
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

  private final MessageDigest md;
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
   * value} is the free encoding, else the in-use leaf digest.
   */
  public Digest leaf(int index, byte[] value) {
    TreeShape s = requireShape();
    s.checkObject(index);
    if (s.isFree(value)) {
      return s.emptyDigest(0);
    }
    start(TAG_LEAF);
    putInt(index);
    md.update(value);
    return Digest.wrap(md.digest());
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
    TreeShape s = requireShape();
    s.checkObject(index);
    start(TAG_LEAF);
    putInt(index);
    FreeWatch sink = new FreeWatch(s.freeEncoding());
    value.writeTo(sink);
    if (sink.isFree()) {
      md.reset();
      return s.emptyDigest(0);
    }
    return Digest.wrap(md.digest());
  }

  /** Feeds the digest and tells whether what went by is exactly the free encoding. */
  private final class FreeWatch extends OutputStream {
    private final byte[] free;
    private long written;
    private boolean prefixOfFree = true;

    FreeWatch(byte[] free) {
      this.free = free;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (prefixOfFree) {
        prefixOfFree =
            written + len <= free.length
                && Arrays.equals(b, off, off + len, free, (int) written, (int) written + len);
      }
      written += len;
      md.update(b, off, len);
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
