package org.bftnfs.spec.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.bftnfs.spec.Oid;

/**
 * The canonical XDR encoding of one entry of the abstract state (paper §3.1: "each entry in the
 * array is encoded using XDR"). This is what {@code getObj(i)} returns, what {@code putObjs}
 * accepts and what checkpoints hash, so it is a pure function of the abstract value: equal entries
 * have byte-identical encodings on every replica.
 *
 * <p>An entry is framed as keyed <em>pieces</em> (the framing the state-transfer module's partition
 * tree hashes piece by piece): piece 0 holds everything but a file's data, and a file's data is one
 * piece per 1 MiB segment that holds a non-zero byte, so a write to a large file changes the pieces
 * it touches and piece 0, and a checkpoint copies and re-hashes those only.
 *
 * <pre>
 * entry := { unsigned int 1; unsigned hyper key; opaque body&lt;&gt;; }*  unsigned int 0
 *          (keys ascending; bodies not empty; piece 0 always, data pieces only for a FILE)
 *
 * body of piece 0:
 * struct head {
 *   unsigned int generation;
 *   abstract_object object;
 * };
 * union abstract_object switch (unsigned int type) {   // ObjectType.code()
 *   case 0 (FREE):    void;
 *   case 1 (FILE):    metadata meta; unsigned hyper size; opaque create_verifier&lt;8&gt;;
 *   case 2 (DIR):     metadata meta; dir_body dir;
 *   case 5 (SYMLINK): metadata meta; opaque target&lt;&gt;;
 * };
 * struct metadata { unsigned int mode, nlink, uid, gid; nfstime3 atime, mtime, ctime; };
 *     (create_verifier empty when there is none)
 *
 * body of piece 1 + s of a FILE, present when segment s (bytes [s * 2^20, (s + 1) * 2^20))
 * holds a non-zero byte below the file's size:
 *   run runs&lt;&gt;;                     // runs of non-zero 4096-byte blocks of segment s, ascending
 * struct run { unsigned hyper offset; opaque data&lt;&gt;; }  // offset = block * 4096; data up to size
 *
 * struct dir_body {
 *   unsigned int parent_index, parent_generation;
 *   unsigned hyper next_cookie;
 *   dir_entry entries&lt;&gt;;            // ascending unsigned-byte order of name
 *   removal removals&lt;&gt;;            // oldest first
 * };
 * struct dir_entry { opaque name&lt;&gt;; unsigned int index, generation; unsigned hyper cookie; };
 * struct removal { unsigned hyper cookie; opaque name&lt;&gt;; };
 * </pre>
 *
 * A block is part of a run when any of its bytes below the file size is non-zero; blocks of zeros
 * (holes) are left out, so a sparse file and a written file of zeros encode alike.
 */
public final class ObjectCodec {

  /** Blocks per run at most: runs never cross a multiple of this many blocks (1 MiB). */
  public static final int RUN_BLOCKS = 256;

  private ObjectCodec() {}

  /** An entry of the abstract state: generation and object ({@code null} = FREE). */
  public record Entry(int generation, AbstractObject object) {}

  /** The canonical encoding of an entry. */
  public static byte[] encode(int generation, AbstractObject object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      encode(generation, object, out);
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array stream failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes the canonical encoding of an entry to {@code out}, the same bytes {@link #encode(int,
   * AbstractObject)} returns, holding at most one {@value #SEGMENT}-byte segment of file data in
   * memory: a file whose contents are not in memory ({@link FileContent} other than {@link
   * FileData}, e.g. a conformance wrapper's backend file) is read once, one segment at a time. So
   * the encoding of a file of any size can be hashed or sent without being held whole.
   *
   * @throws IOException when {@code out} fails
   */
  public static void encode(int generation, AbstractObject object, OutputStream out)
      throws IOException {
    writePiece(out, 0, head(generation, object));
    if (object instanceof FileObject f) {
      FileContent content = f.data();
      for (long segment : segmentsToRead(content)) {
        byte[] body = segmentBody(content, segment);
        if (body != null) {
          writePiece(out, 1 + segment, body);
        }
      }
    }
    out.write(new byte[4]); // the end of the pieces
  }

  /** Bytes of a segment: runs never cross a multiple of it; a file's data piece is one segment. */
  public static final int SEGMENT = RUN_BLOCKS * FileData.BLOCK;

  /**
   * Writes the body of piece {@code key} of the entry's encoding (see the class documentation), or
   * nothing when the encoding has no such piece: what a copy-on-write checkpoint copies and hashes
   * when only some pieces of a large file change. Reads at most one segment of a file.
   *
   * @throws IOException when {@code out} fails
   * @throws IllegalArgumentException if {@code key} is negative
   */
  public static void encodePiece(int generation, AbstractObject object, long key, OutputStream out)
      throws IOException {
    if (key < 0) {
      throw new IllegalArgumentException("piece " + key);
    }
    if (key == 0) {
      out.write(head(generation, object));
      return;
    }
    if (object instanceof FileObject f && key - 1 <= Long.MAX_VALUE / SEGMENT) {
      byte[] body = segmentBody(f.data(), key - 1);
      if (body != null) {
        out.write(body);
      }
    }
  }

  /**
   * The keys of the data pieces that a change to a file's bytes {@code [offset, offset + length)}
   * may change (piece 0 changes too): {@code {first, last}}, none ({@code last = first - 1}) when
   * {@code length} is 0. A change of the size from {@code a} to {@code b} changes bytes {@code
   * [min(a, b), max(a, b))}.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   */
  public static long[] dataPieces(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset " + offset + ", length " + length);
    }
    long first = 1 + offset / SEGMENT;
    if (length == 0) {
      return new long[] {first, first - 1};
    }
    long last = offset + length - 1;
    return new long[] {first, last < 0 ? Long.MAX_VALUE : 1 + last / SEGMENT};
  }

  /**
   * The body of piece {@code key} of an encoding, or null when it has no such piece.
   *
   * @throws IllegalArgumentException when {@code encoding} is not framed as pieces
   */
  public static byte[] pieceOf(byte[] encoding, long key) {
    ByteBuffer b = ByteBuffer.wrap(encoding);
    try {
      while (b.getInt() == 1) {
        long k = b.getLong();
        ByteBuffer body = pieceBody(b);
        if (k == key) {
          byte[] out = new byte[body.remaining()];
          body.get(out);
          return out;
        }
      }
      return null;
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed object encoding: " + e, e);
    }
  }

  private static void writePiece(OutputStream out, long key, byte[] body) throws IOException {
    byte[] h = new byte[16];
    ByteBuffer.wrap(h).putInt(1).putLong(key).putInt(body.length);
    out.write(h);
    out.write(body);
    int pad = (4 - (body.length & 3)) & 3;
    if (pad > 0) {
      out.write(new byte[pad]);
    }
  }

  /** The body of piece 0. */
  private static byte[] head(int generation, AbstractObject object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Writer w = new Writer(bytes);
    w.u32(generation);
    if (object == null) {
      w.u32(ObjectType.FREE.code());
      w.flush();
      return bytes.toByteArray();
    }
    w.u32(object.type().code());
    Metadata m = object.meta();
    w.u32(m.mode);
    w.u32(m.nlink);
    w.u32(m.uid);
    w.u32(m.gid);
    w.time(m.atime);
    w.time(m.mtime);
    w.time(m.ctime);
    if (object instanceof FileObject f) {
      w.u64(f.data().size());
      byte[] verf = f.createVerifier();
      w.opaque(verf == null ? new byte[0] : verf);
    } else if (object instanceof DirectoryObject d) {
      encodeDirectory(w, d);
    } else {
      w.opaque(((SymlinkObject) object).target());
    }
    w.flush();
    return bytes.toByteArray();
  }

  /**
   * The segments that may hold a non-zero byte, ascending: those of the non-zero blocks of data in
   * memory, every segment below the size of any other content.
   */
  private static Iterable<Long> segmentsToRead(FileContent content) {
    if (content instanceof FileData data) {
      java.util.TreeSet<Long> segments = new java.util.TreeSet<>();
      Iterator<Long> blocks = data.nonZeroBlocks();
      while (blocks.hasNext()) {
        segments.add(blocks.next() / RUN_BLOCKS);
      }
      return segments;
    }
    long count = (content.size() + SEGMENT - 1) / SEGMENT;
    return () ->
        new Iterator<>() {
          private long next;

          @Override
          public boolean hasNext() {
            return next < count;
          }

          @Override
          public Long next() {
            return next++;
          }
        };
  }

  /**
   * The body of the data piece of segment {@code segment} of {@code content}: its runs of non-zero
   * blocks (maximal sequences of blocks with a non-zero byte), or null when it has none.
   */
  private static byte[] segmentBody(FileContent content, long segment) throws IOException {
    long size = content.size();
    long start = segment * SEGMENT;
    if (start >= size) {
      return null;
    }
    byte[] bytes = content.read(start, (int) Math.min(SEGMENT, size - start));
    List<int[]> runs = new ArrayList<>();
    int from = -1;
    for (int b = 0; ; b += FileData.BLOCK) {
      boolean atEnd = b >= bytes.length;
      boolean nonZero = !atEnd && !isZero(bytes, b, Math.min(b + FileData.BLOCK, bytes.length));
      if (nonZero && from < 0) {
        from = b;
      } else if (!nonZero && from >= 0) {
        runs.add(new int[] {from, Math.min(b, bytes.length)});
        from = -1;
      }
      if (atEnd) {
        break;
      }
    }
    if (runs.isEmpty()) {
      return null;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Writer w = new Writer(body);
    w.u32(runs.size());
    for (int[] r : runs) {
      w.u64(start + r[0]);
      w.opaque(bytes, r[0], r[1] - r[0]);
    }
    w.flush();
    return body.toByteArray();
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static void encodeDirectory(Writer w, DirectoryObject d) throws IOException {
    w.u32(d.parent().index());
    w.u32(d.parent().generation());
    w.u64(d.nextCookie());
    w.u32(d.entries().size());
    for (var e : d.entries().entrySet()) {
      w.opaque(e.getKey().bytes());
      w.u32(e.getValue().oid().index());
      w.u32(e.getValue().oid().generation());
      w.u64(e.getValue().cookie());
    }
    List<DirectoryObject.Removal> removals = d.removals();
    w.u32(removals.size());
    for (DirectoryObject.Removal r : removals) {
      w.u64(r.cookie());
      w.opaque(r.name().bytes());
    }
  }

  /**
   * Decodes a canonical encoding.
   *
   * @throws IllegalArgumentException when the bytes are not a canonical encoding (truncated,
   *     trailing bytes, unknown type, unordered directory entries or runs)
   */
  public static Entry decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      ByteBuffer head = firstPiece(b);
      int generation = head.getInt();
      int type = head.getInt();
      AbstractObject object;
      if (type == ObjectType.FREE.code()) {
        object = null;
      } else {
        Metadata m =
            new Metadata(head.getInt(), head.getInt(), head.getInt(), head.getInt(), time(head));
        m.mtime = time(head);
        m.ctime = time(head);
        if (type == ObjectType.FILE.code()) {
          object = decodeFile(head, b, m);
        } else if (type == ObjectType.DIRECTORY.code()) {
          object = decodeDirectory(head, m);
        } else if (type == ObjectType.SYMLINK.code()) {
          object = new SymlinkObject(m, opaque(head));
        } else {
          throw new IllegalArgumentException("unknown object type " + type);
        }
      }
      if (head.hasRemaining()) {
        throw new IllegalArgumentException(head.remaining() + " trailing bytes in piece 0");
      }
      if (b.getInt() != 0) {
        throw new IllegalArgumentException("pieces after the last one this object can have");
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " trailing bytes");
      }
      byte[] again = encode(generation, object);
      if (!java.util.Arrays.equals(again, bytes)) {
        throw new IllegalArgumentException("not in canonical form");
      }
      return new Entry(generation, object);
    } catch (BufferUnderflowException
        | IndexOutOfBoundsException
        | ArithmeticException
        | IllegalStateException e) {
      throw new IllegalArgumentException("malformed object encoding: " + e, e);
    }
  }

  /** Reads the frame of piece 0 and returns its body. */
  private static ByteBuffer firstPiece(ByteBuffer b) {
    if (b.getInt() != 1 || b.getLong() != 0) {
      throw new IllegalArgumentException("an encoding starts with piece 0");
    }
    return pieceBody(b);
  }

  /** Reads the length, body and padding of a piece whose key was read; returns the body. */
  private static ByteBuffer pieceBody(ByteBuffer b) {
    int n = count(b);
    if (n == 0) {
      throw new IllegalArgumentException("an empty piece");
    }
    ByteBuffer body = b.slice(b.position(), n);
    b.position(b.position() + n);
    padding(b, n);
    return body;
  }

  /**
   * Decodes an encoding without copying a file's data: a FILE entry's contents are a read-only view
   * of the runs inside {@code bytes} (which must then not change), so decoding a large file costs
   * its encoding, not a second copy. For installing values that were verified against a digest of
   * their canonical encoding (state transfer): unlike {@link #decode}, it does <b>not</b> check
   * that the encoding is canonical (re-encoding would cost the file's size again) — only that it is
   * well formed: runs in order, inside the file, nothing left over. A caller that installs the
   * result checks afterwards that the implementation's {@code getObj} gives back exactly {@code
   * bytes}.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed encoding
   */
  public static Entry decodeInPlace(byte[] bytes) {
    return decodeInPlace(EncodedBytes.of(bytes));
  }

  /**
   * As {@link #decodeInPlace(byte[])}, from bytes wherever they are: a FILE entry's contents read
   * their runs from {@code bytes} when asked (part by part), so a file's encoding is never held
   * whole, whatever its size. Any other entry is read into memory and decoded as by {@link
   * #decode}. The bytes must not change while the entry is used.
   *
   * @throws IllegalArgumentException when the bytes are not a well-formed encoding
   * @throws java.io.UncheckedIOException when the bytes cannot be read
   */
  public static Entry decodeInPlace(EncodedBytes bytes) {
    Cursor c = new Cursor(bytes);
    if (c.getInt() != 1 || c.getLong() != 0) {
      throw new IllegalArgumentException("an encoding starts with piece 0");
    }
    long headLength = c.count(1);
    long headStart = c.position();
    int generation = c.getInt();
    int type = c.getInt();
    if (type != ObjectType.FILE.code()) {
      return decode(bytes.toArray());
    }
    Metadata m = new Metadata(c.getInt(), c.getInt(), c.getInt(), c.getInt(), c.time());
    m.mtime = c.time();
    m.ctime = c.time();
    long size = c.getLong();
    byte[] verf = c.opaque();
    if (c.position() - headStart != headLength) {
      throw new IllegalArgumentException("piece 0 is not exactly the head of a file");
    }
    c.padding((int) headLength);
    if (size < 0) {
      throw new IllegalArgumentException("negative file size");
    }
    List<long[]> found = new ArrayList<>(); // offset, start, length
    long previousEnd = 0;
    long previousKey = 0;
    while (c.getInt() == 1) {
      long key = c.getLong();
      int bodyLength = c.count(1);
      long bodyStart = c.position();
      if (key <= previousKey || bodyLength == 0 || key - 1 > Long.MAX_VALUE / SEGMENT) {
        throw new IllegalArgumentException("data pieces out of order or empty");
      }
      long segmentStart = (key - 1) * SEGMENT;
      int runs = c.count(16); // a run takes at least 16 bytes: offset, length, a padded byte
      for (int i = 0; i < runs; i++) {
        long offset = c.getLong();
        int n = c.count(1);
        if (offset < previousEnd
            || n == 0
            || offset < segmentStart
            || offset + n > segmentStart + SEGMENT
            || offset + n > size
            || offset + n < 0) {
          throw new IllegalArgumentException("runs out of order, outside their piece or the file");
        }
        found.add(new long[] {offset, c.position(), n});
        c.skip(n);
        c.padding(n);
        previousEnd = offset + n;
      }
      if (c.position() - bodyStart != bodyLength) {
        throw new IllegalArgumentException("a data piece is not exactly its runs");
      }
      c.padding(bodyLength);
      previousKey = key;
    }
    if (c.position() != bytes.length()) {
      throw new IllegalArgumentException((bytes.length() - c.position()) + " trailing bytes");
    }
    long[] offsets = new long[found.size()];
    long[] starts = new long[found.size()];
    int[] lengths = new int[found.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = found.get(i)[0];
      starts[i] = found.get(i)[1];
      lengths[i] = (int) found.get(i)[2];
    }
    FileObject f = new FileObject(m, new EncodedFileContent(bytes, size, offsets, starts, lengths));
    f.setCreateVerifier(verf.length == 0 ? null : verf);
    return new Entry(generation, f);
  }

  /** Reads XDR from {@link EncodedBytes} at a position, a small buffer at a time. */
  private static final class Cursor {
    private final EncodedBytes bytes;
    private final byte[] buffer = new byte[8192];
    private long bufferAt;
    private int buffered;
    private long position;

    Cursor(EncodedBytes bytes) {
      this.bytes = bytes;
    }

    long position() {
      return position;
    }

    private long remaining() {
      return bytes.length() - position;
    }

    private void need(long n) {
      if (n > remaining()) {
        throw new IllegalArgumentException("malformed object encoding: it ends early");
      }
    }

    byte get() {
      need(1);
      if (position < bufferAt || position >= bufferAt + buffered) {
        bufferAt = position;
        buffered = (int) Math.min(buffer.length, remaining());
        bytes.read(bufferAt, buffer, 0, buffered);
      }
      return buffer[(int) (position++ - bufferAt)];
    }

    int getInt() {
      need(4);
      return (get() & 0xff) << 24 | (get() & 0xff) << 16 | (get() & 0xff) << 8 | (get() & 0xff);
    }

    long getLong() {
      return (long) getInt() << 32 | (getInt() & 0xffffffffL);
    }

    NfsTime time() {
      return new NfsTime(getInt(), getInt());
    }

    /** A count of items of at least {@code itemBytes} bytes each that the bytes left can hold. */
    int count(int itemBytes) {
      int n = getInt();
      if (n < 0 || (long) n * itemBytes > remaining()) {
        throw new IllegalArgumentException("bad count " + Integer.toUnsignedString(n));
      }
      return n;
    }

    byte[] opaque() {
      int n = count(1);
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = get();
      }
      padding(n);
      return out;
    }

    void skip(long n) {
      need(n);
      position += n;
    }

    /** The XDR padding after {@code n} bytes of opaque data: zero bytes. */
    void padding(int n) {
      int pad = (4 - (n & 3)) & 3;
      for (int k = 0; k < pad; k++) {
        if (get() != 0) {
          throw new IllegalArgumentException("non-zero XDR padding");
        }
      }
    }
  }

  /** A file's head (after its metadata) from piece 0, its data from the pieces after it. */
  private static FileObject decodeFile(ByteBuffer head, ByteBuffer b, Metadata m) {
    long size = head.getLong();
    byte[] verf = opaque(head);
    if (size < 0) {
      throw new IllegalArgumentException("negative file size");
    }
    FileData data = new FileData();
    long previousKey = 0;
    while (b.getInt(b.position()) == 1) {
      b.getInt();
      long key = b.getLong();
      if (key <= previousKey || key - 1 > Long.MAX_VALUE / SEGMENT) {
        throw new IllegalArgumentException("data pieces out of order");
      }
      ByteBuffer body = pieceBody(b);
      long segmentStart = (key - 1) * SEGMENT;
      int runs = count(body);
      for (int i = 0; i < runs; i++) {
        long offset = body.getLong();
        byte[] bytes = opaque(body);
        if (offset < segmentStart || offset + bytes.length > segmentStart + SEGMENT) {
          throw new IllegalArgumentException("a run outside its piece's segment");
        }
        data.write(offset, bytes);
      }
      if (body.hasRemaining()) {
        throw new IllegalArgumentException(body.remaining() + " trailing bytes in a data piece");
      }
      previousKey = key;
    }
    if (data.size() > size) {
      throw new IllegalArgumentException("file data beyond its size");
    }
    data.truncate(size);
    FileObject f = new FileObject(m, data);
    f.setCreateVerifier(verf.length == 0 ? null : verf);
    return f;
  }

  private static DirectoryObject decodeDirectory(ByteBuffer b, Metadata m) {
    Oid parent = new Oid(b.getInt(), b.getInt());
    long nextCookie = b.getLong();
    TreeMap<Name, DirectoryObject.Entry> entries = new TreeMap<>();
    int n = count(b);
    for (int i = 0; i < n; i++) {
      Name name = Name.of(opaque(b));
      entries.put(name, new DirectoryObject.Entry(new Oid(b.getInt(), b.getInt()), b.getLong()));
    }
    List<DirectoryObject.Removal> removals = new ArrayList<>();
    int r = count(b);
    for (int i = 0; i < r; i++) {
      long cookie = b.getLong();
      removals.add(new DirectoryObject.Removal(cookie, Name.of(opaque(b))));
    }
    return new DirectoryObject(m, parent, entries, nextCookie, removals);
  }

  private static int count(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad count " + Integer.toUnsignedString(n));
    }
    return n;
  }

  private static NfsTime time(ByteBuffer b) {
    return new NfsTime(b.getInt(), b.getInt());
  }

  private static byte[] opaque(ByteBuffer b) {
    int n = count(b);
    byte[] out = new byte[n];
    b.get(out);
    padding(b, n);
    return out;
  }

  private static void padding(ByteBuffer b, int n) {
    int pad = (4 - (n & 3)) & 3;
    for (int i = 0; i < pad; i++) {
      if (b.get() != 0) {
        throw new IllegalArgumentException("non-zero XDR padding");
      }
    }
  }

  /** Big-endian XDR writer over a stream, with a small buffer of its own. */
  private static final class Writer {
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private int used;

    Writer(OutputStream out) {
      this.out = out;
    }

    void u32(int v) throws IOException {
      if (used + 4 > buffer.length) {
        flush();
      }
      buffer[used++] = (byte) (v >>> 24);
      buffer[used++] = (byte) (v >>> 16);
      buffer[used++] = (byte) (v >>> 8);
      buffer[used++] = (byte) v;
    }

    void u64(long v) throws IOException {
      u32((int) (v >>> 32));
      u32((int) v);
    }

    void time(NfsTime t) throws IOException {
      u32(t.seconds());
      u32(t.nanos());
    }

    void opaque(byte[] data) throws IOException {
      opaque(data, 0, data.length);
    }

    void opaque(byte[] data, int from, int length) throws IOException {
      u32(length);
      if (used + length <= buffer.length) {
        System.arraycopy(data, from, buffer, used, length);
        used += length;
      } else {
        flush();
        out.write(data, from, length);
      }
      for (int pad = (4 - (length & 3)) & 3; pad > 0; pad--) {
        if (used == buffer.length) {
          flush();
        }
        buffer[used++] = 0;
      }
    }

    void flush() throws IOException {
      out.write(buffer, 0, used);
      used = 0;
    }
  }
}
