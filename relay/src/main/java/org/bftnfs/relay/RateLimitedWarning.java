package org.bftnfs.relay;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A WARN line about something any client can cause over and over (garbage records, refused
 * connections): the first occurrence is logged at once, later ones at most once per interval, each
 * line carrying how many occurrences it stands for. So a client cannot flood the log, and the
 * operator still sees that it happens and how often.
 *
 * <p>Thread-safe. Time comes from an injected nanosecond source, so tests can drive it.
 */
final class RateLimitedWarning {

  /** Default interval between two lines of one kind. */
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Logger log;
  private final String what;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long suppressed;
  private long total;
  private long lastLogged;
  private boolean loggedOnce;

  /**
   * @param log where the lines go
   * @param what names the occurrence, e.g. "malformed RPC records dropped"
   * @param intervalNanos least time between two lines
   * @param nanoTime the time source (e.g. {@code System::nanoTime})
   */
  RateLimitedWarning(Logger log, String what, long intervalNanos, LongSupplier nanoTime) {
    this.log = log;
    this.what = what;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
  }

  /** How many occurrences were counted so far, reported or not. */
  synchronized long total() {
    return total;
  }

  /**
   * Counts one occurrence; logs a WARN line "{@code WHAT: N (last from PEER: DETAIL)}" unless a
   * line was logged less than the interval ago. A DEBUG line per occurrence carries the detail too.
   *
   * @param peer the client's address (for the line)
   * @param detail what was wrong this time
   */
  void occurred(Object peer, String detail) {
    long count;
    synchronized (this) {
      suppressed++;
      total++;
      long now = nanoTime.getAsLong();
      if (loggedOnce && now - lastLogged < intervalNanos) {
        log.debug("{} (from {}: {})", what, peer, detail);
        return;
      }
      count = suppressed;
      suppressed = 0;
      lastLogged = now;
      loggedOnce = true;
    }
    log.warn("{}: {} since the last report (last from {}: {})", what, count, peer, detail);
  }
}
