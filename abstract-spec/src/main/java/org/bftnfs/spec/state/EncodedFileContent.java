package org.bftnfs.spec.state;

/**
 * A file's contents read straight from its canonical encoding ({@link ObjectCodec#decodeInPlace}):
 * the runs of non-zero blocks stay where they are in the encoding's bytes (in memory or in a file),
 * and reads assemble the bytes asked for from them (zeros elsewhere), so a file of N bytes costs a
 * small index, not a copy. Read-only.
 *
 * <p>Thread-safety: immutable (the encoding must not change while it is read).
 */
final class EncodedFileContent implements FileContent {

  private final EncodedBytes encoding;
  private final long size;

  /** Per run, ascending: its offset in the file, where its bytes start in the encoding, length. */
  private final long[] offsets;

  private final long[] starts;
  private final int[] lengths;

  EncodedFileContent(
      EncodedBytes encoding, long size, long[] offsets, long[] starts, int[] lengths) {
    this.encoding = encoding;
    this.size = size;
    this.offsets = offsets;
    this.starts = starts;
    this.lengths = lengths;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public byte[] read(long offset, int count) {
    if (offset < 0 || offset >= size || count <= 0) {
      return new byte[0];
    }
    int n = (int) Math.min(count, size - offset);
    byte[] out = new byte[n];
    long end = offset + n;
    int r = firstRunEndingAfter(offset);
    for (; r < offsets.length && offsets[r] < end; r++) {
      long from = Math.max(offset, offsets[r]);
      long to = Math.min(end, offsets[r] + lengths[r]);
      if (from < to) {
        encoding.read(
            starts[r] + (from - offsets[r]), out, (int) (from - offset), (int) (to - from));
      }
    }
    return out;
  }

  /** The index of the first run that ends after {@code offset} (runs are ascending, disjoint). */
  private int firstRunEndingAfter(long offset) {
    int lo = 0;
    int hi = offsets.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (offsets[mid] + lengths[mid] <= offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public void write(long offset, byte[] data) {
    throw new UnsupportedOperationException("the contents of a decoded encoding are read-only");
  }

  @Override
  public void truncate(long newSize) {
    throw new UnsupportedOperationException("the contents of a decoded encoding are read-only");
  }

  /** A copy in memory (costs the file's size). */
  @Override
  public FileData snapshot() {
    FileData d = new FileData();
    for (int r = 0; r < offsets.length; r++) {
      byte[] run = new byte[lengths[r]];
      encoding.read(starts[r], run, 0, run.length);
      d.write(offsets[r], run);
    }
    d.truncate(size);
    return d;
  }
}
