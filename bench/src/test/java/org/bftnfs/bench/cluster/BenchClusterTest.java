package org.bftnfs.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the benches read a replica's progress and checkpoint times from its metrics. */
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

  @Test
  void readsAnyMetricsValueByItsExactName() {
    String text =
        "bftnfs_checkpoints_taken_total 12.0\n"
            + "bftnfs_checkpoint_seconds_total 3.75\n"
            + "bftnfs_last_checkpoint_seconds 0.125\n";
    assertThat(BenchCluster.value(text, "bftnfs_checkpoint_seconds_total")).contains(3.75);
    assertThat(BenchCluster.value(text, "bftnfs_last_checkpoint_seconds")).contains(0.125);
    assertThat(BenchCluster.value(text, "bftnfs_checkpoint_seconds")).isEmpty();
    assertThat(BenchCluster.value("x{a=\"1\"} 2\n", "x")).contains(2.0);
  }
}
