package org.bftnfs.replication.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.replication.config.RecoveryConfig;
import org.junit.jupiter.api.Test;

/** Paper §4: the recovery watchdog, driven by a controlled clock. */
class ProactiveRecoveryTest {

  private static final RecoveryConfig CONFIG =
      new RecoveryConfig(16, Duration.ofSeconds(100), Duration.ofSeconds(20), false);

  /** A clock the test moves; the recovery it triggers takes {@code recoveryTook}. */
  private static final class TestClock extends Clock {
    Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void recoversAtEachOfItsSlotsAndKeepsTheRecord() throws Exception {
    Instant start = Instant.parse("2026-12-07T12:00:05Z"); // 12:00:00 is a multiple of 100 s
    TestClock clock = new TestClock(start);
    List<Instant> recoveredAt = new ArrayList<>();
    ProactiveRecovery watchdog =
        new ProactiveRecovery(
            1,
            new RecoverySchedule(CONFIG, 1, 4),
            clock,
            () -> {
              recoveredAt.add(clock.now);
              clock.now = clock.now.plusSeconds(7); // the recovery takes 7 s
              return new ProactiveRecovery.Outcome(true, 3, 300, "");
            },
            start);
    // replica 1's slots start 20 s into each 100 s period; the first at least 80 s after start
    assertThat(watchdog.status().next()).isEqualTo(Instant.parse("2026-12-07T12:02:00Z"));
    while (clock.now.isBefore(Instant.parse("2026-12-07T12:06:50Z"))) {
      watchdog.tick();
      clock.now = clock.now.plusSeconds(1);
    }
    assertThat(recoveredAt)
        .containsExactly(
            Instant.parse("2026-12-07T12:02:00Z"),
            Instant.parse("2026-12-07T12:03:40Z"),
            Instant.parse("2026-12-07T12:05:20Z"));
    ProactiveRecovery.Status status = watchdog.status();
    assertThat(status.recoveries()).isEqualTo(3);
    assertThat(status.objectsFetched()).isEqualTo(9);
    assertThat(status.bytesFetched()).isEqualTo(900);
    assertThat(status.lastDuration()).contains(Duration.ofSeconds(7));
    assertThat(status.next()).isEqualTo(Instant.parse("2026-12-07T12:07:00Z"));
    assertThat(status.window()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aRecoveryLongerThanItsSlotWidensTheWindowItReports() throws Exception {
    Instant start = Instant.parse("2026-12-07T12:00:00Z");
    TestClock clock = new TestClock(start);
    ProactiveRecovery watchdog =
        new ProactiveRecovery(
            0,
            new RecoverySchedule(CONFIG, 0, 4),
            clock,
            () -> {
              clock.now = clock.now.plusSeconds(35);
              return new ProactiveRecovery.Outcome(false, 0, 0, "slow");
            },
            start);
    clock.now = watchdog.status().next();
    assertThat(watchdog.tick()).isTrue();
    assertThat(watchdog.status().window()).isEqualTo(Duration.ofSeconds(135));
  }

  @Test
  void aMissedSlotIsNotMadeUpOutsideTheReplicasOwnSlot() throws Exception {
    Instant start = Instant.parse("2026-12-07T12:00:00Z");
    TestClock clock = new TestClock(start);
    List<Instant> recoveredAt = new ArrayList<>();
    ProactiveRecovery watchdog =
        new ProactiveRecovery(
            2,
            new RecoverySchedule(CONFIG, 2, 4),
            clock,
            () -> {
              recoveredAt.add(clock.now);
              return new ProactiveRecovery.Outcome(true, 0, 0, "");
            },
            start);
    Instant due = watchdog.status().next();
    clock.now = due.plusSeconds(30); // the process was paused through its whole slot
    assertThat(watchdog.tick()).isFalse();
    assertThat(recoveredAt).isEmpty();
    assertThat(watchdog.status().next()).isEqualTo(due.plusSeconds(100));
    clock.now = due.plusSeconds(105); // within its next slot
    assertThat(watchdog.tick()).isTrue();
    assertThat(recoveredAt).containsExactly(due.plusSeconds(105));
  }
}
