package org.bftnfs.replication.replica;

import org.bftnfs.spec.state.EncodedBytes;
import org.bftnfs.statetransfer.SpilledValues;

/**
 * A fetched object's encoding where the fetch spilled it, as the bytes {@code putObjs} reads part
 * by part ({@link org.bftnfs.spec.upcall.ObjectValue#storedIn}): installing a file fetched from the
 * peers never reads its encoding whole into memory.
 *
 * <p>Thread-safety: as the {@link SpilledValues} it reads (the thread that installs).
 */
final class SpilledBytes implements EncodedBytes {

  private final SpilledValues values;
  private final int index;
  private final long length;

  SpilledBytes(SpilledValues values, int index) {
    this.values = values;
    this.index = index;
    this.length = values.length(index);
    if (length < 0) {
      throw new IllegalArgumentException("no fetched value for object " + index);
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public void read(long position, byte[] dst, int offset, int count) {
    values.read(index, position, dst, offset, count);
  }

  @Override
  public String toString() {
    return "SpilledBytes[object " + index + ", " + length + " bytes]";
  }
}
