package org.bftnfs.bench.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Stats.median(new double[0])).isNaN();
    assertThat(Stats.min(new double[] {3, 1, 2})).isEqualTo(1);
    assertThat(Stats.max(new double[] {3, 1, 2})).isEqualTo(3);
  }

  @Test
  void nearestRankQuantiles() {
    long[] v = new long[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i + 1;
    }
    assertThat(Stats.quantile(v, 100, 0.5)).isEqualTo(50);
    assertThat(Stats.quantile(v, 100, 0.99)).isEqualTo(99);
    assertThat(Stats.quantile(v, 100, 1.0)).isEqualTo(100);
    assertThat(Stats.quantile(v, 1, 0.99)).isEqualTo(1);
  }

  @Test
  void latencyOfNanosecondSamples() {
    long[] nanos = {3_000_000, 1_000_000, 2_000_000, 99};
    Latency l = Latency.of(nanos, 3);
    assertThat(l.count()).isEqualTo(3);
    assertThat(l.p50Ms()).isEqualTo(2.0);
    assertThat(l.p99Ms()).isEqualTo(3.0);
    assertThat(l.meanMs()).isCloseTo(2.0, within(1e-9));
    assertThat(l.maxMs()).isEqualTo(3.0);
  }
}
