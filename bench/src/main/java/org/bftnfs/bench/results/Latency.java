package org.bftnfs.bench.results;

import java.util.Arrays;

/**
 * The latency distribution of one measurement.
 *
 * @param count operations timed
 * @param p50Ms median latency in milliseconds
 * @param p99Ms 99th percentile in milliseconds
 * @param meanMs mean in milliseconds
 * @param maxMs the slowest operation in milliseconds
 */
public record Latency(long count, double p50Ms, double p99Ms, double meanMs, double maxMs) {

  /** The distribution of the first {@code n} of {@code nanos} (which it sorts). */
  public static Latency of(long[] nanos, int n) {
    if (n == 0) {
      throw new IllegalArgumentException("no operation was timed");
    }
    Arrays.sort(nanos, 0, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += nanos[i];
    }
    return new Latency(
        n,
        Stats.quantile(nanos, n, 0.50) / 1e6,
        Stats.quantile(nanos, n, 0.99) / 1e6,
        sum / n / 1e6,
        nanos[n - 1] / 1e6);
  }
}
