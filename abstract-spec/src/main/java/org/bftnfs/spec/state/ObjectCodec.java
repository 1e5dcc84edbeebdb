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
 * <pre>
 * struct abstract_entry {
 *   unsigned int generation;
 *   abstract_object object;
 * };
 * union abstract_object switch (unsigned int type) {   // ObjectType.code()
 *   case 0 (FREE):    void;
 *   case 1 (FILE):    metadata meta; file_body file;
 *   case 2 (DIR):     metadata meta; dir_body dir;
 *   case 5 (SYMLINK): metadata meta; opaque target&lt;&gt;;
 * };
 * struct metadata { unsigned int mode, nlink, uid, gid; nfstime3 atime, mtime, ctime; };
 * struct file_body {
 *   unsigned hyper size;
 *   opaque create_verifier&lt;8&gt;;     // empty when there is none
 *   run runs&lt;&gt;;                      // runs of non-zero 4096-byte blocks, ascending
 * };
 * struct run { unsigned hyper offset; opaque data&lt;&gt;; }  // offset = block * 4096; data up to size
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
   * AbstractObject)} returns, holding at most one 1 MiB segment of file data in memory: a file
   * whose contents are not in memory ({@link FileContent} other than {@link FileData}, e.g. a
   * conformance wrapper's backend file) is read twice in {@value #SEGMENT}-byte segments, once to
   * count its runs and once to write them. So the encoding of a file of any size can be hashed or
   * sent without being held whole.
   *
   * @throws IOException when {@code out} fails
   */
  public static void encode(int generation, AbstractObject object, OutputStream out)
      throws IOException {
    Writer w = new Writer(out);
    w.u32(generation);
    if (object == null) {
      w.u32(ObjectType.FREE.code());
      w.flush();
      return;
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
      encodeFile(w, f);
    } else if (object instanceof DirectoryObject d) {
      encodeDirectory(w, d);
    } else {
      w.opaque(((SymlinkObject) object).target());
    }
    w.flush();
  }

  /** Bytes of a run segment: runs never cross a multiple of it. */
  public static final int SEGMENT = RUN_BLOCKS * FileData.BLOCK;

  private static void encodeFile(Writer w, FileObject f) throws IOException {
    FileContent content = f.data();
    long size = content.size();
    w.u64(size);
    byte[] verf = f.createVerifier();
    w.opaque(verf == null ? new byte[0] : verf);
    if (!(content instanceof FileData data)) {
      w.u32(streamRuns(content, null));
      streamRuns(content, w);
      return;
    }
    List<long[]> runs = new ArrayList<>();
    Iterator<Long> blocks = data.nonZeroBlocks();
    while (blocks.hasNext()) {
      long b = blocks.next();
      long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last[1] == b && b % RUN_BLOCKS != 0) {
        last[1] = b + 1;
      } else {
        runs.add(new long[] {b, b + 1});
      }
    }
    w.u32(runs.size());
    for (long[] r : runs) {
      long offset = r[0] * FileData.BLOCK;
      long end = Math.min(r[1] * FileData.BLOCK, data.size());
      w.u64(offset);
      w.opaque(data.read(offset, (int) (end - offset)));
    }
  }

  /**
   * Walks {@code content} one segment at a time and finds its runs (maximal sequences of blocks
   * with a non-zero byte, within one segment): writes them to {@code w}, or only counts them when
   * {@code w} is null.
   *
   * @return the number of runs
   */
  private static int streamRuns(FileContent content, Writer w) throws IOException {
    long size = content.size();
    int runs = 0;
    for (long segment = 0; segment < size; segment += SEGMENT) {
      byte[] bytes = content.read(segment, (int) Math.min(SEGMENT, size - segment));
      int start = -1;
      for (int b = 0; ; b += FileData.BLOCK) {
        boolean atEnd = b >= bytes.length;
        boolean nonZero = !atEnd && !isZero(bytes, b, Math.min(b + FileData.BLOCK, bytes.length));
        if (nonZero && start < 0) {
          start = b;
        } else if (!nonZero && start >= 0) {
          runs++;
          if (w != null) {
            int end = Math.min(b, bytes.length);
            w.u64(segment + start);
            w.opaque(bytes, start, end - start);
          }
          start = -1;
        }
        if (atEnd) {
          break;
        }
      }
    }
    if (runs < 0) {
      throw new IllegalStateException("more than 2^31 runs");
    }
    return runs;
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
      int generation = b.getInt();
      int type = b.getInt();
      AbstractObject object;
      if (type == ObjectType.FREE.code()) {
        object = null;
      } else {
        Metadata m = new Metadata(b.getInt(), b.getInt(), b.getInt(), b.getInt(), time(b));
        m.mtime = time(b);
        m.ctime = time(b);
        if (type == ObjectType.FILE.code()) {
          object = decodeFile(b, m);
        } else if (type == ObjectType.DIRECTORY.code()) {
          object = decodeDirectory(b, m);
        } else if (type == ObjectType.SYMLINK.code()) {
          object = new SymlinkObject(m, opaque(b));
        } else {
          throw new IllegalArgumentException("unknown object type " + type);
        }
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " trailing bytes");
      }
      byte[] again = encode(generation, object);
      if (!java.util.Arrays.equals(again, bytes)) {
        throw new IllegalArgumentException("not in canonical form");
      }
      return new Entry(generation, object);
    } catch (BufferUnderflowException | ArithmeticException | IllegalStateException e) {
      throw new IllegalArgumentException("malformed object encoding: " + e, e);
    }
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
    int runs = c.count(16); // a run takes at least 16 bytes: offset, length, a padded byte
    long[] offsets = new long[runs];
    long[] starts = new long[runs];
    int[] lengths = new int[runs];
    long previousEnd = 0;
    for (int i = 0; i < runs; i++) {
      long offset = c.getLong();
      int n = c.count(1);
      if (offset < previousEnd || n == 0 || offset + n > size || offset + n < 0) {
        throw new IllegalArgumentException("runs out of order or beyond the file's size");
      }
      offsets[i] = offset;
      starts[i] = c.position();
      lengths[i] = n;
      c.skip(n);
      c.padding(n);
      previousEnd = offset + n;
    }
    if (c.position() != bytes.length()) {
      throw new IllegalArgumentException((bytes.length() - c.position()) + " trailing bytes");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative file size");
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

  private static FileObject decodeFile(ByteBuffer b, Metadata m) {
    long size = b.getLong();
    byte[] verf = opaque(b);
    FileData data = new FileData();
    int runs = count(b);
    for (int i = 0; i < runs; i++) {
      long offset = b.getLong();
      byte[] bytes = opaque(b);
      if (offset < 0 || offset + bytes.length < 0) {
        throw new IllegalArgumentException("run beyond 2^63");
      }
      data.write(offset, bytes);
    }
    if (data.size() > size || size < 0) {
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
    int pad = (4 - (n & 3)) & 3;
    for (int i = 0; i < pad; i++) {
      if (b.get() != 0) {
        throw new IllegalArgumentException("non-zero XDR padding");
      }
    }
    return out;
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
