package org.bftnfs.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the bench reads a replica's progress from its metrics before it stops it. */
class BenchClusterTest {

  @Test
  void readsTheLastExecutedInstanceFromAnExposition() {
    String text =
        "# HELP bftnfs_last_executed_consensus The last consensus instance\n"
            + "# TYPE bftnfs_last_executed_consensus gauge\n"
            + "bftnfs_last_executed_consensus_other 7.0\n"
            + "bftnfs_last_executed_consensus{replica=\"2\"} 1234.0\n"
            + "bftnfs_up 1.0\n";
    assertThat(BenchCluster.lastExecuted(text)).isEqualTo(1234);
    assertThat(BenchCluster.lastExecuted("bftnfs_last_executed_consensus 56\n")).isEqualTo(56);
  }

  @Test
  void anExpositionWithoutItReadsAsNothingExecuted() {
    assertThat(BenchCluster.lastExecuted("bftnfs_up 1.0\n")).isEqualTo(-1);
    assertThat(BenchCluster.lastExecuted("bftnfs_last_executed_consensus NaNx\n")).isEqualTo(-1);
  }
}
