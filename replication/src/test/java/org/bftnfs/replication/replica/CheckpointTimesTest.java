package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The checkpoint times a replica reports: counted, added up and the last kept, by its ticker. */
class CheckpointTimesTest {

  @Test
  void countsAddsUpAndKeepsTheLastDuration() {
    AtomicLong now = new AtomicLong(1_000);
    CheckpointTimes times = new CheckpointTimes(now::get);
    assertThat(times.totals()).isEqualTo(CheckpointTimes.Totals.NONE);

    long first = times.start();
    now.addAndGet(2_500_000);
    times.record(first);
    long second = times.start();
    now.addAndGet(500_000);
    times.record(second);

    CheckpointTimes.Totals t = times.totals();
    assertThat(t.taken()).isEqualTo(2);
    assertThat(t.totalNanos()).isEqualTo(3_000_000);
    assertThat(t.lastNanos()).isEqualTo(500_000);
    assertThat(t.totalSeconds()).isEqualTo(0.003);
    assertThat(t.lastSeconds()).isEqualTo(0.0005);
  }

  @Test
  void theTimesOfALaterNodeAddUp() {
    CheckpointTimes.Totals earlier = new CheckpointTimes.Totals(3, 30, 7);
    assertThat(earlier.then(new CheckpointTimes.Totals(2, 5, 1)))
        .isEqualTo(new CheckpointTimes.Totals(5, 35, 1));
    assertThat(earlier.then(CheckpointTimes.Totals.NONE))
        .as("a node that took none yet leaves the latest duration as it was")
        .isEqualTo(earlier);
  }

  @Test
  void aTickerThatWentBackRecordsNoNegativeTime() {
    AtomicLong now = new AtomicLong(10);
    CheckpointTimes times = new CheckpointTimes(now::get);
    long started = times.start();
    now.set(5);
    times.record(started);
    assertThat(times.totals()).isEqualTo(new CheckpointTimes.Totals(1, 0, 0));
  }
}
