package org.bftnfs.spec.state;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data of an abstract file: a byte array of {@link #size()} bytes (paper §3.1), stored as a
 * sparse map of {@value #BLOCK}-byte blocks so that holes cost nothing wherever they are (any
 * offset below 2^63). Bytes that were never written read as zero. Invariant: every stored byte at
 * or beyond {@code size} is zero.
 */
public final class FileData implements FileContent {

  /** Block size of the representation and of the canonical encoding's runs. */
  public static final int BLOCK = 4096;

  private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
  private long size;

  @Override
  public long size() {
    return size;
  }

  /** This object itself: it is already in memory. */
  @Override
  public FileData snapshot() {
    return this;
  }

  /**
   * Up to {@code count} bytes from {@code offset}, fewer at the end of the file, none at or beyond
   * it.
   */
  @Override
  public byte[] read(long offset, int count) {
    if (offset < 0 || offset >= size || count <= 0) {
      return new byte[0];
    }
    int n = (int) Math.min(count, size - offset);
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      long pos = offset + done;
      int in = (int) (pos % BLOCK);
      int chunk = Math.min(BLOCK - in, n - done);
      byte[] b = blocks.get(pos / BLOCK);
      if (b != null) {
        System.arraycopy(b, in, out, done, chunk);
      }
      done += chunk;
    }
    return out;
  }

  /**
   * Writes {@code data} at {@code offset}, extending the file when it ends beyond the size. The
   * caller guarantees {@code offset + data.length} does not overflow.
   */
  @Override
  public void write(long offset, byte[] data) {
    int done = 0;
    while (done < data.length) {
      long pos = offset + done;
      int in = (int) (pos % BLOCK);
      int chunk = Math.min(BLOCK - in, data.length - done);
      byte[] b = blocks.computeIfAbsent(pos / BLOCK, k -> new byte[BLOCK]);
      System.arraycopy(data, done, b, in, chunk);
      done += chunk;
    }
    size = Math.max(size, offset + data.length);
  }

  /** Sets the size: shrinking discards the bytes beyond it, growing adds zeros. */
  @Override
  public void truncate(long newSize) {
    if (newSize < size) {
      long keep = (newSize + BLOCK - 1) / BLOCK;
      blocks.tailMap(keep, true).clear();
      int tail = (int) (newSize % BLOCK);
      byte[] last = tail == 0 ? null : blocks.get(keep - 1);
      if (last != null) {
        Arrays.fill(last, tail, BLOCK, (byte) 0);
      }
    }
    size = newSize;
  }

  /** Indices of the blocks holding a non-zero byte, ascending. */
  public Iterator<Long> nonZeroBlocks() {
    return blocks.entrySet().stream()
        .filter(e -> !isZero(e.getValue()))
        .map(Map.Entry::getKey)
        .iterator();
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  public FileData copy() {
    FileData d = new FileData();
    d.size = size;
    blocks.forEach((k, v) -> d.blocks.put(k, v.clone()));
    return d;
  }

  /** Equal when both have the same size and the same bytes. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FileData d) || d.size != size) {
      return false;
    }
    Iterator<Long> a = nonZeroBlocks();
    Iterator<Long> b = d.nonZeroBlocks();
    while (a.hasNext() && b.hasNext()) {
      long x = a.next();
      if (x != b.next() || !Arrays.equals(blocks.get(x), d.blocks.get(x))) {
        return false;
      }
    }
    return a.hasNext() == b.hasNext();
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size);
  }
}
