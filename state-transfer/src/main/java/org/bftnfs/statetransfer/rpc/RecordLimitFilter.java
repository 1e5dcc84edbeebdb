package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grizzly filter between the TCP transport and oncrpc4j's record parser, which would otherwise
 * buffer whatever length a record's fragment headers announce: it reads only the 4-byte fragment
 * headers of record marking (RFC 5531 §11) as the bytes go by, and closes a connection, with a WARN
 * line naming the peer and the sizes, as soon as a header makes its current record longer than the
 * limit — before any of that record is buffered.
 *
 * <p>The bytes pass through unchanged. Every fragment header counts 4 bytes towards its record, so
 * a stream of empty fragments is bounded as well. Thread-safety: safe; the per-connection state is
 * a connection attribute, used only by the thread that reads that connection.
 */
final class RecordLimitFilter extends BaseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(RecordLimitFilter.class);

  private static final int LAST_FRAGMENT = 0x8000_0000;
  private static final int SIZE_MASK = 0x7fff_ffff;

  private final long maxRecordBytes;
  private final AtomicLong refused = new AtomicLong();
  private final Attribute<Marks> marks =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          RecordLimitFilter.class.getName() + ".marks");

  /**
   * @param maxRecordBytes the largest record accepted, fragment headers included (at least 4)
   */
  RecordLimitFilter(long maxRecordBytes) {
    if (maxRecordBytes < 4) {
      throw new IllegalArgumentException("record limit " + maxRecordBytes + " below 4 bytes");
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  /** How many connections were closed for announcing a record over the limit. */
  long refused() {
    return refused.get();
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    if (!(ctx.getMessage() instanceof Buffer buffer)) {
      return ctx.getInvokeAction();
    }
    Connection<?> connection = ctx.getConnection();
    Marks m = marks.get(connection);
    if (m == null) {
      m = new Marks();
      marks.set(connection, m);
    }
    long over = m.scan(buffer, maxRecordBytes);
    if (over < 0) {
      return ctx.getInvokeAction();
    }
    refused.incrementAndGet();
    LOG.warn(
        "closing state-transfer connection from {}: its RPC record announces {} bytes, more than"
            + " the limit of {} bytes",
        connection.getPeerAddress(),
        over,
        maxRecordBytes);
    buffer.tryDispose();
    connection.closeSilently();
    return ctx.getStopAction();
  }

  /** Where one connection is in its record marking. Not thread-safe. */
  private static final class Marks {
    private int headerBytesSeen;
    private int header;
    private long fragmentLeft;
    private long recordBytes;

    /**
     * Follows the buffer's remaining bytes (without consuming them).
     *
     * @return -1 while every record is within {@code limit}, else the size its record reached
     */
    long scan(Buffer buffer, long limit) {
      int pos = buffer.position();
      int end = buffer.limit();
      while (pos < end) {
        if (fragmentLeft > 0) {
          int skip = (int) Math.min(fragmentLeft, end - pos);
          fragmentLeft -= skip;
          pos += skip;
          continue;
        }
        header = header << 8 | (buffer.get(pos++) & 0xff);
        if (++headerBytesSeen < 4) {
          continue;
        }
        long size = header & SIZE_MASK;
        boolean last = (header & LAST_FRAGMENT) != 0;
        headerBytesSeen = 0;
        header = 0;
        recordBytes += 4 + size;
        if (recordBytes > limit) {
          return recordBytes;
        }
        fragmentLeft = size;
        if (last) {
          recordBytes = 0; // the next header starts a new record
        }
      }
      return -1;
    }
  }
}
