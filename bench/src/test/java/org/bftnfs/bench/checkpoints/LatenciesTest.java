package org.bftnfs.bench.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  /** 1..100 ms in any order: nearest rank gives the 50th and the 99th value. */
  @Test
  void quantilesByNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * 1_000_000L;
    }
    Latencies l = new Latencies(nanos, Duration.ofSeconds(4));
    assertThat(l.calls()).isEqualTo(100);
    assertThat(l.medianMillis()).isEqualTo(50.0);
    assertThat(l.p99Millis()).isEqualTo(99.0);
    assertThat(l.maxMillis()).isEqualTo(100.0);
    assertThat(l.p99OverMedian()).isEqualTo(99.0 / 50);
    assertThat(l.perSecond()).isEqualTo(25.0);
    assertThat(nanos[0]).as("the caller's array is not sorted in place").isEqualTo(100_000_000L);
  }

  @Test
  void aSteadyLoadWithRareStallsHasASmallTailRatio() {
    long[] nanos = new long[1000];
    java.util.Arrays.fill(nanos, 15_000_000L);
    for (int i = 0; i < 9; i++) {
      nanos[i * 100] = 900_000_000L; // under 1% of the calls
    }
    Latencies l = new Latencies(nanos, Duration.ofSeconds(20));
    assertThat(l.p99Millis()).isEqualTo(15.0);
    assertThat(l.p99OverMedian()).isEqualTo(1.0);
    assertThat(l.maxMillis()).isEqualTo(900.0);
  }

  @Test
  void oneCallIsEveryQuantileAndNoCallIsAnError() {
    Latencies l = new Latencies(new long[] {3_000_000}, Duration.ofMillis(3));
    assertThat(l.medianMillis()).isEqualTo(3.0);
    assertThat(l.p99Millis()).isEqualTo(3.0);
    assertThatThrownBy(() -> new Latencies(new long[0], Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
