package org.bftnfs.relay;

import org.glassfish.grizzly.Buffer;

/**
 * Follows the record marking of one TCP connection (RFC 5531 §11) as its bytes arrive and tells
 * when a record grows beyond a limit.
 *
 * <p>Only the 4-byte fragment headers are read; fragment bodies are skipped by arithmetic, so the
 * size of a record is known as soon as the header of each of its fragments arrives, long before the
 * record is buffered. Each header counts 4 bytes towards the record, so a stream of empty fragments
 * is bounded too. It also counts the bytes of records not yet complete ({@link #pendingBytes()}):
 * what a record parser downstream holds for the connection. Not thread-safe: one instance per
 * connection, fed in order.
 */
final class RecordMarkScanner {

  private static final int LAST_FRAGMENT = 0x80000000;
  private static final int SIZE_MASK = 0x7fffffff;

  private final long limit;
  private int headerBytes;
  private int header;
  private long fragmentLeft;
  private long recordBytes;
  private boolean lastFragment;
  private long pending;

  /**
   * @param limit largest record, in bytes including its fragment headers
   */
  RecordMarkScanner(long limit) {
    this.limit = limit;
  }

  /**
   * Accounts for the next bytes of the connection: {@code buffer}'s remaining bytes, which are not
   * consumed (position and limit are left alone).
   *
   * @return false when the record now being received exceeds the limit
   */
  boolean feed(Buffer buffer) {
    int pos = buffer.position();
    int end = buffer.limit();
    while (pos < end) {
      if (fragmentLeft > 0) {
        long skip = Math.min(fragmentLeft, end - pos);
        fragmentLeft -= skip;
        pos += (int) skip;
        pending += skip;
        if (fragmentLeft == 0 && lastFragment) {
          recordDone();
        }
        continue;
      }
      header = (header << 8) | (buffer.get(pos++) & 0xff);
      pending++;
      if (++headerBytes < 4) {
        continue;
      }
      if (!headerComplete()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Bytes received that belong to a record not yet complete (fragment headers included): 0 between
   * records.
   */
  long pendingBytes() {
    return pending;
  }

  /** The size of the record being received so far (fragment headers included). */
  long recordBytes() {
    return recordBytes;
  }

  private boolean headerComplete() {
    long size = header & SIZE_MASK;
    boolean last = (header & LAST_FRAGMENT) != 0;
    headerBytes = 0;
    header = 0;
    recordBytes += 4 + size;
    if (recordBytes > limit) {
      return false;
    }
    fragmentLeft = size;
    lastFragment = last;
    if (last) {
      recordBytes = 0;
      if (size == 0) {
        recordDone();
      }
    }
    return true;
  }

  private void recordDone() {
    lastFragment = false;
    pending = 0;
  }
}
