package org.bftnfs.bench.checkpoints;

import java.time.Duration;
import java.util.Arrays;
import org.bftnfs.bench.results.Stats;

/**
 * The latencies of the calls of one timed load, sorted, and how long the load ran; its quantiles by
 * the nearest-rank method ({@link Stats#quantile}).
 */
final class Latencies {

  private final long[] sorted;
  private final Duration elapsed;

  /**
   * @param nanos each call's latency in nanoseconds (at least one), in any order; not kept
   * @param elapsed from the first call's start to the last call's end
   */
  Latencies(long[] nanos, Duration elapsed) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no calls");
    }
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
    this.elapsed = elapsed;
  }

  /** Calls measured. */
  int calls() {
    return sorted.length;
  }

  /** The {@code q}-quantile (0 < q ≤ 1) in milliseconds. */
  double quantileMillis(double q) {
    return Stats.quantile(sorted, sorted.length, q) / 1e6;
  }

  /** The median in milliseconds. */
  double medianMillis() {
    return quantileMillis(0.5);
  }

  /** The 99th percentile in milliseconds. */
  double p99Millis() {
    return quantileMillis(0.99);
  }

  /** The slowest call in milliseconds. */
  double maxMillis() {
    return sorted[sorted.length - 1] / 1e6;
  }

  /** p99 ÷ median. */
  double p99OverMedian() {
    return (double) Stats.quantile(sorted, sorted.length, 0.99)
        / Math.max(1, Stats.quantile(sorted, sorted.length, 0.5));
  }

  /** Calls answered per second. */
  double perSecond() {
    return elapsed.isZero() ? 0 : sorted.length / (elapsed.toNanos() / 1e9);
  }

  /** How long the load ran. */
  Duration elapsed() {
    return elapsed;
  }
}
