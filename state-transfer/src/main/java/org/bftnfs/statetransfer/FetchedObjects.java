package org.bftnfs.statetransfer;

import java.io.IOException;
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
 * The object values a fetch found, by index, held until the receiver installs them: in memory, or
 * spilled to a file so that a fetch of many or large objects (a replica recovered onto an empty
 * export, or with most of its objects corrupt) costs disk, not heap (paper §3.4: the fetched
 * objects are installed with one {@code put_objs} after the fetch completes).
 *
 * <p>A spilled store appends every value of more than {@value #INLINE_BYTES} bytes to one file it
 * creates in a directory of the caller's choice and keeps only the index → (offset, length) map in
 * memory; smaller values (free entries, most directories and links) stay in memory. {@link #get}
 * reads a spilled value back; {@link #close} deletes the file. Values are verified by the fetcher
 * before they are put; the file is private to this process (created with the default permissions of
 * a temporary file) and read back only by this store.
 *
 * <p>Thread-safety: not thread-safe; one fetch and then one install, on one thread.
 */
public final class FetchedObjects implements AutoCloseable {

  /** Values up to this size stay in memory even in a spilled store. */
  public static final int INLINE_BYTES = 4096;

  private final Path file;
  private final FileChannel channel;
  private final TreeMap<Integer, byte[]> inline = new TreeMap<>();
  private final TreeMap<Integer, long[]> spilled = new TreeMap<>();
  private final TreeMap<Integer, Boolean> indices = new TreeMap<>();
  private long end;
  private long bytes;

  private FetchedObjects(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** A store that keeps every value in memory (small fetches, tests). */
  public static FetchedObjects inMemory() {
    return new FetchedObjects(null, null);
  }

  /**
   * A store that spills values of more than {@value #INLINE_BYTES} bytes to a new file in {@code
   * directory}.
   *
   * @throws IOException when the file cannot be created
   */
  public static FetchedObjects spilledTo(Path directory) throws IOException {
    Path file = Files.createTempFile(directory, "fetched-", ".objects");
    try {
      return new FetchedObjects(
          file,
          FileChannel.open(
              file,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * Records {@code value} for {@code index} (not kept by reference when spilled; an index put again
   * replaces the value).
   *
   * @throws UncheckedIOException when the spill file cannot be written (disk full)
   */
  public void put(int index, byte[] value) {
    Objects.requireNonNull(value, "value");
    forget(index);
    indices.put(index, Boolean.TRUE);
    bytes += value.length;
    if (channel == null || value.length <= INLINE_BYTES) {
      inline.put(index, value);
      return;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(value);
      long at = end;
      while (b.hasRemaining()) {
        at += channel.write(b, at);
      }
      spilled.put(index, new long[] {end, value.length});
      end = at;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot spill fetched object " + index + " to " + file + ": " + e.getMessage(), e);
    }
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

  /**
   * The value of {@code index}, read back from the spill file if it was spilled (a new array at
   * each call), or null when none was put.
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
    byte[] out = new byte[(int) at[1]];
    ByteBuffer b = ByteBuffer.wrap(out);
    try {
      while (b.hasRemaining()) {
        if (channel.read(b, at[0] + b.position()) < 0) {
          throw new IOException("the file ends early");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read fetched object " + index + " back from " + file + ": " + e.getMessage(), e);
    }
    return out;
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

  /** The bytes of all values put. */
  public long bytes() {
    return bytes;
  }

  /** The bytes held in the spill file (0 in memory). */
  public long spilledBytes() {
    return end;
  }

  /** Where the spill file was created, if this store spills (its name may already be gone). */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Every value, read into memory, ascending by index: for small fetches and tests only (a spilled
   * store exists so that this is not needed).
   */
  public SortedMap<Integer, byte[]> asMap() {
    TreeMap<Integer, byte[]> m = new TreeMap<>();
    for (int i : indices.keySet()) {
      m.put(i, get(i));
    }
    return m;
  }

  /** Deletes the spill file; the values are gone. Idempotent. */
  @Override
  public void close() {
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
    }
  }

  @Override
  public String toString() {
    return "FetchedObjects["
        + size()
        + " objects, "
        + bytes
        + " bytes"
        + (file == null ? "]" : ", " + end + " spilled to " + file + "]");
  }
}
