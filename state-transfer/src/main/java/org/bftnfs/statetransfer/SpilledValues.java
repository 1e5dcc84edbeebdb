package org.bftnfs.statetransfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Object values by index, held in memory or spilled to a file, so that holding many or large
 * objects costs disk, not heap. Two users (paper §2.2, §3.4):
 *
 * <ul>
 *   <li>a fetch puts each verified object it found here until the receiver installs them all with
 *       one {@code put_objs} (a replica recovered onto an empty export, or with most of its objects
 *       corrupt, receives its whole state);
 *   <li>a copy-on-write checkpoint keeps here the values of the objects changed since it was taken
 *       (a 1 GiB file written after a checkpoint must not mean a 1 GiB copy on the heap).
 * </ul>
 *
 * <p>A spilling store keeps values of at most {@value #INLINE_BYTES} bytes in memory and appends
 * larger ones to one file, created in the given directory on the first such value, with only the
 * index → (offset, length) map in memory. {@link #get} reads a spilled value back; {@link #close}
 * deletes the file. The file is opened delete-on-close: on Linux its name is gone as soon as it is
 * open, so even a replica killed meanwhile leaves nothing behind. A value put again for an index
 * replaces it; its old bytes stay in the file until it is closed.
 *
 * <p>Thread-safety: not thread-safe; the owner serialises its calls (the replica's lock).
 */
public final class SpilledValues implements AutoCloseable {

  /** Values up to this size stay in memory even in a spilling store. */
  public static final int INLINE_BYTES = 4096;

  private final Path directory;
  private Path file;
  private FileChannel channel;
  private final TreeMap<Integer, byte[]> inline = new TreeMap<>();
  private final TreeMap<Integer, long[]> spilled = new TreeMap<>();
  private final TreeMap<Integer, Boolean> indices = new TreeMap<>();
  private long end;
  private long bytes;
  private boolean closed;

  private SpilledValues(Path directory) {
    this.directory = directory;
  }

  /** A store that keeps every value in memory (small fetches, tests). */
  public static SpilledValues inMemory() {
    return new SpilledValues(null);
  }

  /**
   * A store that spills values of more than {@value #INLINE_BYTES} bytes to a file it creates in
   * {@code directory} when the first one comes.
   */
  public static SpilledValues spillingTo(Path directory) {
    return new SpilledValues(Objects.requireNonNull(directory, "directory"));
  }

  /**
   * Records {@code value} for {@code index} (not kept by reference when spilled).
   *
   * @throws UncheckedIOException when the spill file cannot be created or written (disk full)
   */
  public void put(int index, byte[] value) {
    Objects.requireNonNull(value, "value");
    checkOpen();
    forget(index);
    indices.put(index, Boolean.TRUE);
    bytes += value.length;
    if (directory == null || value.length <= INLINE_BYTES) {
      inline.put(index, value);
      return;
    }
    long at = end;
    try {
      append(ByteBuffer.wrap(value));
    } catch (IOException e) {
      throw failed("write", index, e);
    }
    spilled.put(index, new long[] {at, value.length});
  }

  /**
   * Records for {@code index} the bytes {@code writer} writes, streamed: a large value goes to the
   * spill file as it is written and is never held whole in memory.
   *
   * @throws IOException when {@code writer} fails (nothing is recorded for {@code index} then)
   * @throws UncheckedIOException when the spill file cannot be created or written
   */
  public void put(int index, CheckpointStore.ObjectStream writer) throws IOException {
    checkOpen();
    if (directory == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writer.write(index, out);
      put(index, out.toByteArray());
      return;
    }
    long start = end;
    Spiller out = new Spiller(index);
    try {
      writer.write(index, out);
    } catch (IOException | RuntimeException e) {
      end = start; // what was appended is dropped (overwritten by the next value)
      throw e;
    }
    forget(index);
    indices.put(index, Boolean.TRUE);
    if (out.buffer != null) {
      byte[] small = out.buffer.toByteArray();
      bytes += small.length;
      inline.put(index, small);
    } else {
      bytes += end - start;
      spilled.put(index, new long[] {start, end - start});
    }
  }

  /** Buffers up to {@link #INLINE_BYTES}; beyond, appends everything to the spill file. */
  private final class Spiller extends OutputStream {
    private final int index;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    Spiller(int index) {
      this.index = index;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (buffer != null && buffer.size() + len <= INLINE_BYTES) {
        buffer.write(b, off, len);
        return;
      }
      try {
        if (buffer != null) {
          append(ByteBuffer.wrap(buffer.toByteArray()));
          buffer = null;
        }
        append(ByteBuffer.wrap(b, off, len));
      } catch (IOException e) {
        throw failed("write", index, e);
      }
    }
  }

  private void append(ByteBuffer b) throws IOException {
    if (channel == null) {
      file = Files.createTempFile(directory, "values-", ".spill");
      try {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    }
    while (b.hasRemaining()) {
      end += channel.write(b, end);
    }
  }

  private UncheckedIOException failed(String what, int index, IOException e) {
    return new UncheckedIOException(
        "cannot "
            + what
            + " the value of object "
            + index
            + " in "
            + (file != null ? file : directory)
            + ": "
            + e.getMessage(),
        e);
  }

  private void forget(int index) {
    byte[] old = inline.remove(index);
    if (old != null) {
      bytes -= old.length;
    }
    long[] at = spilled.remove(index);
    if (at != null) {
      bytes -= at[1];
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
  }

  /**
   * The value of {@code index}, read back from the spill file if it was spilled (a new array at
   * each call; an in-memory one is the array put, not to be changed), or null when none was put.
   *
   * @throws UncheckedIOException when the spill file cannot be read
   */
  public byte[] get(int index) {
    byte[] v = inline.get(index);
    if (v != null) {
      return v;
    }
    long[] at = spilled.get(index);
    if (at == null) {
      return null;
    }
    byte[] out = new byte[Math.toIntExact(at[1])];
    read(index, 0, out, 0, out.length);
    return out;
  }

  /** The length of the value of {@code index}, or -1 when none was put. */
  public long length(int index) {
    byte[] v = inline.get(index);
    if (v != null) {
      return v.length;
    }
    long[] at = spilled.get(index);
    return at == null ? -1 : at[1];
  }

  /**
   * Up to {@code count} bytes of the value of {@code index} from byte {@code offset} (fewer at its
   * end, none from its end on), read back from the spill file if it was spilled: a part of a large
   * value without reading it whole.
   *
   * @throws IllegalArgumentException when no value was put for {@code index}, or {@code offset} or
   *     {@code count} is negative
   * @throws UncheckedIOException when the spill file cannot be read
   */
  public byte[] read(int index, long offset, int count) {
    long length = length(index);
    if (length < 0) {
      throw new IllegalArgumentException("no value for object " + index);
    }
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException("offset " + offset + ", count " + count);
    }
    int n = (int) Math.max(0, Math.min(count, length - offset));
    byte[] out = new byte[n];
    read(index, Math.min(offset, length), out, 0, n);
    return out;
  }

  /**
   * Copies exactly {@code count} bytes of the value of {@code index} from byte {@code position}
   * into {@code dst} at {@code offset}, read back from the spill file if it was spilled.
   *
   * @throws IndexOutOfBoundsException when no value was put for {@code index} or the range is not
   *     inside the value or {@code dst}
   * @throws UncheckedIOException when the spill file cannot be read
   */
  public void read(int index, long position, byte[] dst, int offset, int count) {
    long length = length(index);
    Objects.checkFromIndexSize(position, count, Math.max(length, 0));
    Objects.checkFromIndexSize(offset, count, dst.length);
    if (length < 0) {
      throw new IndexOutOfBoundsException("no value for object " + index);
    }
    byte[] v = inline.get(index);
    if (v != null) {
      System.arraycopy(v, (int) position, dst, offset, count);
      return;
    }
    long[] at = spilled.get(index);
    ByteBuffer b = ByteBuffer.wrap(dst, offset, count);
    try {
      while (b.hasRemaining()) {
        if (channel.read(b, at[0] + position + (b.position() - offset)) < 0) {
          throw new IOException("the file ends early");
        }
      }
    } catch (IOException e) {
      throw failed("read", index, e);
    }
  }

  /**
   * Forgets the value of {@code index} (a value that failed its check after it was put); its bytes
   * in the spill file stay until the file is closed. Returns whether one was put.
   */
  public boolean remove(int index) {
    checkOpen();
    forget(index);
    return indices.remove(index) != null;
  }

  /**
   * The value of {@code index} as a new array the caller owns (a spilled value is read into one, an
   * in-memory one is copied), or null when none was put.
   */
  public byte[] copy(int index) {
    byte[] v = inline.get(index);
    return v != null ? v.clone() : get(index);
  }

  /** Whether a value was put for {@code index}. */
  public boolean has(int index) {
    return indices.containsKey(index);
  }

  /** The indices put, ascending. */
  public SortedSet<Integer> indices() {
    return Collections.unmodifiableSortedSet(indices.navigableKeySet());
  }

  /** The number of values put. */
  public int size() {
    return indices.size();
  }

  /** Whether nothing was put. */
  public boolean isEmpty() {
    return indices.isEmpty();
  }

  /** The bytes of the values held. */
  public long bytes() {
    return bytes;
  }

  /** The bytes written to the spill file (0 while nothing was spilled). */
  public long spilledBytes() {
    return end;
  }

  /** The spill file, once one was created (its name may already be gone). */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Every value, read into memory, ascending by index: for small stores and tests only (a spilling
   * store exists so that this is not needed).
   */
  public SortedMap<Integer, byte[]> asMap() {
    TreeMap<Integer, byte[]> m = new TreeMap<>();
    for (int i : indices.keySet()) {
      m.put(i, get(i));
    }
    return m;
  }

  /**
   * Deletes the spill file; the values are gone ({@link #indices} and {@link #size} still say what
   * was held). Idempotent.
   *
   * @throws UncheckedIOException when the file cannot be closed
   */
  @Override
  public void close() {
    closed = true;
    inline.clear();
    spilled.clear();
    if (channel == null) {
      return;
    }
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    } finally {
      channel = null;
    }
  }

  @Override
  public String toString() {
    return "SpilledValues["
        + size()
        + " values, "
        + bytes
        + " bytes"
        + (file == null ? "]" : ", " + end + " spilled to " + file + "]");
  }
}
