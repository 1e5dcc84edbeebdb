package org.bftnfs.bench.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckpointTallyTest {

  private static CheckpointTally.Reading reading(long taken, double seconds, double last) {
    return new CheckpointTally.Reading(taken, seconds, last);
  }

  @Test
  void meanFromTheCountersMaxFromCheckpointsSeenOneByOne() {
    CheckpointTally t = new CheckpointTally(2);
    t.add(0, reading(10, 5.0, 0.9)); // baseline: what came before is not counted
    t.add(1, reading(3, 0.3, 0.1));
    t.add(0, reading(11, 5.02, 0.02)); // one more: 20 ms seen
    t.add(0, reading(11, 5.02, 0.02)); // none
    t.add(0, reading(13, 5.10, 0.05)); // two more: not seen one by one
    t.add(1, reading(4, 0.33, 0.03)); // one more: 30 ms seen
    CheckpointTally.Checkpoints c = t.result();
    assertThat(c.taken()).isEqualTo(4);
    assertThat(c.meanSeconds()).isCloseTo(0.13 / 4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.maxSeconds()).isEqualTo(0.03);
    assertThat(c.seen()).isEqualTo(2);
  }

  @Test
  void noCheckpointGivesNoMeanOrMax() {
    CheckpointTally t = new CheckpointTally(4);
    t.add(2, reading(5, 1.0, 0.2));
    t.add(2, reading(5, 1.0, 0.2));
    CheckpointTally.Checkpoints c = t.result();
    assertThat(c.taken()).isZero();
    assertThat(c.meanSeconds()).isNaN();
    assertThat(c.maxSeconds()).isNaN();
  }

  @Test
  void aCounterThatWentBackIsAnError() {
    CheckpointTally t = new CheckpointTally(1);
    t.add(0, reading(5, 1.0, 0.2));
    assertThatThrownBy(() -> t.add(0, reading(1, 0.1, 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restarted");
  }

  @Test
  void readsAReplicasMetricsPage() {
    String page =
        "# TYPE bftnfs_checkpoints_taken_total counter\n"
            + "bftnfs_checkpoints_taken_total 12.0\n"
            + "bftnfs_checkpoint_seconds_total 3.75\n"
            + "bftnfs_last_checkpoint_seconds 0.125\n"
            + "bftnfs_checkpoint_number 1536.0\n";
    assertThat(CheckpointTally.Reading.parse(page)).contains(reading(12, 3.75, 0.125));
    assertThat(CheckpointTally.Reading.parse("bftnfs_checkpoints_taken_total 0.0\n"))
        .as("the counters of a replica built before checkpoint times: none")
        .isEmpty();
    assertThat(
            CheckpointTally.Reading.parse(
                "bftnfs_checkpoints_taken_total 0.0\nbftnfs_checkpoint_seconds_total 0.0\n"))
        .contains(reading(0, 0, 0));
  }
}
