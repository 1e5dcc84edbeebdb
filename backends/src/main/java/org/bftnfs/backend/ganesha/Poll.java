package org.bftnfs.backend.ganesha;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.bftnfs.backend.BackendException;

/** Polling a condition every few milliseconds until it holds or a deadline passes. */
final class Poll {

  /** The pause between two looks at the condition. */
  static final Duration INTERVAL = Duration.ofMillis(20);

  private Poll() {}

  /**
   * Waits until {@code condition} holds, at most {@code timeout}.
   *
   * @return true when it holds, false when the deadline passed first
   */
  static boolean until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException("interrupted while waiting", e);
      }
    }
    return true;
  }
}
