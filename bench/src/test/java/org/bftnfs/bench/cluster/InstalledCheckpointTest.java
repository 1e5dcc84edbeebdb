package org.bftnfs.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstalledCheckpointTest {

  private static final String LINE =
      "2026-12-07T13:22:36.123+0000 INFO NfsReplica - replica 1: installed checkpoint 4250:"
          + " fetched 107 objects (275192 bytes) and 26 tree nodes from its peers, 107 objects"
          + " differed";

  @Test
  void readsTheFiguresOfTheReplicasLogLine() {
    assertThat(InstalledCheckpoint.parse(LINE))
        .contains(new InstalledCheckpoint(1, 4250, 107, 275192, 26, 107));
  }

  @Test
  void ignoresOtherLines() {
    assertThat(InstalledCheckpoint.parse("replica 1 ready")).isEmpty();
    assertThat(
            InstalledCheckpoint.parse(
                "replica 1: proactive recovery 2 done in 8846 ms: rejoined, fetched 107 objects"
                    + " (275192 bytes)"))
        .isEmpty();
  }

  @Test
  void firstPicksTheReplicasOwnFirstLine() {
    String other = LINE.replace("replica 1:", "replica 2:");
    String later = LINE.replace("checkpoint 4250", "checkpoint 5000");
    assertThat(InstalledCheckpoint.first(List.of("x", other, LINE, later), 1))
        .map(InstalledCheckpoint::checkpoint)
        .contains(4250L);
    assertThat(InstalledCheckpoint.first(List.of(other), 1)).isEmpty();
  }

  @Test
  void aReplicaThatExitedIsDescribedByItsFirstErrorLine() {
    assertThat(
            BenchCluster.Exited.reason(
                1,
                List.of(
                    "note: metrics at http://127.0.0.1:1/metrics",
                    "replica 3 ready",
                    "Exception in thread \"Server CS\" java.lang.OutOfMemoryError: Java heap space",
                    "error: replica 3 stopped: its ordering engine stopped executing requests")))
        .isEqualTo(
            "exited with status 1: Exception in thread \"Server CS\" java.lang.OutOfMemoryError:"
                + " Java heap space");
    assertThat(BenchCluster.Exited.reason(143, List.of("replica 3 ready")))
        .isEqualTo("exited with status 143");
  }
}
