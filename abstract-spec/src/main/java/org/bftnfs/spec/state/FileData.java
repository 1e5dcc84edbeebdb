package org.bftnfs.spec.state;

import java.util.Arrays;

/**
 * The data of an abstract file: a byte array of {@link #size()} bytes (paper §3.1), stored in
 * {@value #BLOCK}-byte blocks so that holes cost nothing. Bytes that were never written read as
 * zero. Invariant: every stored byte at or beyond {@code size} is zero.
 */
public final class FileData {

  /** Block size of the representation and of the canonical encoding's runs. */
  public static final int BLOCK = 4096;

  private byte[][] blocks = new byte[0][];
  private long size;

  public long size() {
    return size;
  }

  /**
   * Up to {@code count} bytes from {@code offset}, fewer at the end of the file, none at or beyond
   * it.
   */
  public byte[] read(long offset, int count) {
    if (offset >= size || count <= 0) {
      return new byte[0];
    }
    int n = (int) Math.min(count, size - offset);
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      long pos = offset + done;
      int b = (int) (pos / BLOCK);
      int in = (int) (pos % BLOCK);
      int chunk = Math.min(BLOCK - in, n - done);
      if (b < blocks.length && blocks[b] != null) {
        System.arraycopy(blocks[b], in, out, done, chunk);
      }
      done += chunk;
    }
    return out;
  }

  /** Writes {@code data} at {@code offset}, extending the file when it ends beyond the size. */
  public void write(long offset, byte[] data) {
    int done = 0;
    while (done < data.length) {
      long pos = offset + done;
      int b = (int) (pos / BLOCK);
      int in = (int) (pos % BLOCK);
      int chunk = Math.min(BLOCK - in, data.length - done);
      ensureBlocks(b + 1);
      if (blocks[b] == null) {
        blocks[b] = new byte[BLOCK];
      }
      System.arraycopy(data, done, blocks[b], in, chunk);
      done += chunk;
    }
    size = Math.max(size, offset + data.length);
  }

  /** Sets the size: shrinking discards the bytes beyond it, growing adds zeros. */
  public void truncate(long newSize) {
    if (newSize < size) {
      int keep = (int) ((newSize + BLOCK - 1) / BLOCK);
      if (keep < blocks.length) {
        blocks = Arrays.copyOf(blocks, keep);
      }
      int tail = (int) (newSize % BLOCK);
      if (tail != 0 && keep > 0 && blocks.length >= keep && blocks[keep - 1] != null) {
        Arrays.fill(blocks[keep - 1], tail, BLOCK, (byte) 0);
      }
    }
    size = newSize;
  }

  /** Number of blocks covering the file. */
  public long blockCount() {
    return (size + BLOCK - 1) / BLOCK;
  }

  /** True when block {@code b} holds only zeros. */
  public boolean isZeroBlock(long b) {
    if (b >= blocks.length || blocks[(int) b] == null) {
      return true;
    }
    for (byte x : blocks[(int) b]) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  public FileData copy() {
    FileData d = new FileData();
    d.size = size;
    d.blocks = new byte[blocks.length][];
    for (int i = 0; i < blocks.length; i++) {
      d.blocks[i] = blocks[i] == null ? null : blocks[i].clone();
    }
    return d;
  }

  private void ensureBlocks(int n) {
    if (blocks.length < n) {
      blocks = Arrays.copyOf(blocks, Math.max(n, blocks.length * 2));
    }
  }

  /** Equal when both have the same size and the same bytes. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FileData d) || d.size != size) {
      return false;
    }
    for (long b = 0; b < blockCount(); b++) {
      byte[] x = blockOrNull(b);
      byte[] y = d.blockOrNull(b);
      if (x == null ? !d.isZeroBlock(b) : y == null ? !isZeroBlock(b) : !Arrays.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size);
  }

  private byte[] blockOrNull(long b) {
    return b < blocks.length ? blocks[(int) b] : null;
  }
}
