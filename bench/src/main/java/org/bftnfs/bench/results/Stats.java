package org.bftnfs.bench.results;

import java.util.Arrays;

/** Order statistics of small samples. */
public final class Stats {

  private Stats() {}

  /** The median (the mean of the two middle values for an even count); NaN when empty. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /** The smallest value; NaN when empty. */
  public static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  /** The largest value; NaN when empty. */
  public static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /**
   * The {@code q}-quantile (0 < q ≤ 1) of the first {@code n} values of a sorted array, by the
   * nearest-rank method: the smallest value with at least q·n values at or below it.
   */
  public static long quantile(long[] sorted, int n, double q) {
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    int rank = (int) Math.ceil(q * n);
    return sorted[Math.max(0, Math.min(n, rank) - 1)];
  }
}
