package org.bftnfs.relay;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grizzly filter placed right after the transport, in front of oncrpc4j's record parser (which
 * buffers whatever a record announces, for as long as it takes): it bounds what clients can make
 * the server hold.
 *
 * <ul>
 *   <li><b>Record size</b>: a connection whose record announces more than the record limit is
 *       closed as soon as the record mark arrives ({@link RecordMarkScanner}).
 *   <li><b>Connections</b>: beyond {@link ConnectionLimits#maxConnections()} a new connection is
 *       closed at once, with a rate-limited WARN line naming the limit.
 *   <li><b>Buffered bytes</b>: the bytes of incomplete records are counted across connections;
 *       while the count exceeds {@link ConnectionLimits#maxBufferedBytes()}, a connection that
 *       holds an incomplete record is no longer read (its READ interest is switched off, so TCP
 *       flow control stops the client) until {@link #sweep()} finds room again.
 *   <li><b>Time</b>: {@link #sweep()}, run periodically, closes connections whose record has been
 *       incomplete longer than {@link ConnectionLimits#recordTimeout()} and connections silent
 *       longer than {@link ConnectionLimits#idleTimeout()}.
 * </ul>
 *
 * <p>The bytes themselves pass through untouched. Time comes from an injected nanosecond source, so
 * tests can drive the timeouts. Thread-safe: reads run on the selector threads, {@link #sweep()} on
 * a timer thread.
 */
final class ConnectionGuard extends BaseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  /**
   * A connection holding no more than this of an incomplete record is never paused: every NFS call
   * without bulk data fits, so ordinary clients are served while large records wait.
   */
  static final int SMALL_RECORD = RelayConfig.MIN_RECORD_SIZE;

  private final int maxRecordSize;
  private final ConnectionLimits limits;
  private final LongSupplier nanoTime;
  private final Map<Connection<?>, Tracked> open = new ConcurrentHashMap<>();
  private final AtomicLong buffered = new AtomicLong();
  private final RateLimitedWarning refused;
  private final RateLimitedWarning timedOut;
  private final RateLimitedWarning throttled;

  /**
   * @param maxRecordSize largest record in bytes (fragment headers included)
   * @param limits connection, buffer and time limits
   * @param nanoTime the time source (e.g. {@code System::nanoTime})
   */
  ConnectionGuard(int maxRecordSize, ConnectionLimits limits, LongSupplier nanoTime) {
    this.maxRecordSize = maxRecordSize;
    this.limits = limits;
    this.nanoTime = nanoTime;
    long interval = RateLimitedWarning.DEFAULT_INTERVAL_NANOS;
    this.refused =
        new RateLimitedWarning(
            LOG,
            "connections refused: "
                + limits.maxConnections()
                + " connections open, the limit (maxConnections)",
            interval,
            nanoTime);
    this.timedOut =
        new RateLimitedWarning(
            LOG,
            "connections closed: record incomplete for longer than "
                + limits.recordTimeout().toMillis()
                + " ms (recordTimeout)",
            interval,
            nanoTime);
    this.throttled =
        new RateLimitedWarning(
            LOG,
            "connections paused: incomplete records hold more than "
                + limits.maxBufferedBytes()
                + " bytes (maxBufferedBytes)",
            interval,
            nanoTime);
  }

  /** Connections open now. */
  int openConnections() {
    return open.size();
  }

  /** Bytes of incomplete records held across all connections now. */
  long bufferedBytes() {
    return buffered.get();
  }

  @Override
  public NextAction handleAccept(FilterChainContext ctx) throws IOException {
    Connection<?> connection = ctx.getConnection();
    if (open.size() >= limits.maxConnections()) {
      refused.occurred(connection.getPeerAddress(), "connection refused");
      connection.closeSilently();
      return ctx.getStopAction();
    }
    open.put(connection, new Tracked(new RecordMarkScanner(maxRecordSize), nanoTime.getAsLong()));
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Object message = ctx.getMessage();
    if (!(message instanceof Buffer buffer)) {
      return ctx.getInvokeAction();
    }
    Connection<?> connection = ctx.getConnection();
    Tracked tracked = open.get(connection);
    if (tracked == null) {
      return stop(ctx, buffer, connection); // closed meanwhile (e.g. refused or timed out)
    }
    long now = nanoTime.getAsLong();
    boolean fits;
    long pending;
    synchronized (tracked) {
      fits = tracked.scanner.feed(buffer);
      pending = tracked.scanner.pendingBytes();
      buffered.addAndGet(pending - tracked.counted);
      tracked.counted = pending;
      tracked.lastRead = now;
      if (pending == 0) {
        tracked.incompleteSince = -1;
      } else if (tracked.incompleteSince < 0) {
        tracked.incompleteSince = now;
      }
    }
    if (!fits) {
      LOG.warn(
          "closing connection from {}: RPC record of {} bytes exceeds the limit of {} bytes",
          connection.getPeerAddress(),
          tracked.scanner.recordBytes(),
          maxRecordSize);
      return stop(ctx, buffer, connection);
    }
    if (pending > SMALL_RECORD && buffered.get() > limits.maxBufferedBytes()) {
      pause(connection, tracked);
    }
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleClose(FilterChainContext ctx) throws IOException {
    forget(ctx.getConnection());
    return ctx.getInvokeAction();
  }

  /**
   * Closes connections past their record or idle timeout, then lets paused connections read again
   * while the buffered bytes are within the limit. Called periodically by the server's timer.
   */
  void sweep() {
    long now = nanoTime.getAsLong();
    long recordNanos = limits.recordTimeout().toNanos();
    long idleNanos = limits.idleTimeout().toNanos();
    for (Map.Entry<Connection<?>, Tracked> entry : open.entrySet()) {
      Connection<?> connection = entry.getKey();
      Tracked t = entry.getValue();
      long since;
      long lastRead;
      synchronized (t) {
        since = t.incompleteSince;
        lastRead = t.lastRead;
      }
      if (since >= 0 && now - since > recordNanos) {
        timedOut.occurred(connection.getPeerAddress(), t.counted + " bytes held");
        close(connection);
      } else if (now - lastRead > idleNanos) {
        LOG.debug("closing idle connection from {}", connection.getPeerAddress());
        close(connection);
      }
    }
    for (Map.Entry<Connection<?>, Tracked> entry : open.entrySet()) {
      if (buffered.get() > limits.maxBufferedBytes()) {
        return;
      }
      resume(entry.getKey(), entry.getValue());
    }
  }

  private void pause(Connection<?> connection, Tracked tracked) throws IOException {
    synchronized (tracked) {
      if (tracked.paused) {
        return;
      }
      tracked.paused = true;
    }
    throttled.occurred(connection.getPeerAddress(), buffered.get() + " bytes buffered");
    connection.disableIOEvent(IOEvent.READ);
  }

  private void resume(Connection<?> connection, Tracked tracked) {
    synchronized (tracked) {
      if (!tracked.paused) {
        return;
      }
      tracked.paused = false;
    }
    try {
      connection.enableIOEvent(IOEvent.READ);
    } catch (IOException e) {
      LOG.debug("cannot resume reading from {}: {}", connection.getPeerAddress(), e.toString());
      close(connection);
    }
  }

  private NextAction stop(FilterChainContext ctx, Buffer buffer, Connection<?> connection) {
    buffer.tryDispose();
    close(connection);
    return ctx.getStopAction();
  }

  private void close(Connection<?> connection) {
    forget(connection);
    connection.closeSilently();
  }

  private void forget(Connection<?> connection) {
    Tracked t = open.remove(connection);
    if (t != null) {
      synchronized (t) {
        buffered.addAndGet(-t.counted);
        t.counted = 0;
      }
    }
  }

  /** What the guard knows about one connection; guarded by its own monitor. */
  private static final class Tracked {
    final RecordMarkScanner scanner;
    long counted;
    long lastRead;
    long incompleteSince = -1;
    boolean paused;

    Tracked(RecordMarkScanner scanner, long now) {
      this.scanner = scanner;
      this.lastRead = now;
    }
  }
}
