package org.bftnfs.replication.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bftnfs.replication.config.RecoveryConfig;
import org.junit.jupiter.api.Test;

/**
 * Paper §4 (proactive recovery): replicas recover in turn, one at a time, each once per period, so
 * that the window of vulnerability is the period plus one slot.
 */
class RecoveryScheduleTest {

  private static final int N = 4;
  private static final RecoveryConfig FOUR_MINUTES = RecoveryConfig.defaults(N);

  @Test
  void defaultsKeepTheWindowOfVulnerabilityUnderFiveMinutesForFourReplicas() {
    assertThat(FOUR_MINUTES.period()).isEqualTo(Duration.ofMinutes(4));
    assertThat(FOUR_MINUTES.stagger()).isEqualTo(Duration.ofSeconds(48));
    assertThat(FOUR_MINUTES.windowOfVulnerability()).isLessThan(Duration.ofMinutes(5));
  }

  @Test
  void slotsOfDifferentReplicasNeverOverlap() {
    List<RecoverySchedule> schedules = schedules(FOUR_MINUTES);
    SplittableRandom random = new SplittableRandom(7);
    Instant start = Instant.parse("2026-12-07T12:00:00Z");
    for (int k = 0; k < 100_000; k++) {
      Instant t = start.plusMillis(random.nextLong(0, Duration.ofDays(2).toMillis()));
      int inSlot = 0;
      for (RecoverySchedule s : schedules) {
        inSlot += s.inSlot(t) ? 1 : 0;
      }
      assertThat(inSlot).as("replicas in their slot at %s", t).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aReplicasSlotsComeOncePerPeriodAtItsOffset() {
    RecoverySchedule two = new RecoverySchedule(FOUR_MINUTES, 2, N);
    Instant slot = two.slotAtOrAfter(Instant.parse("2026-12-07T12:00:01Z"));
    // 12:00:00 is a multiple of 4 minutes since the epoch; replica 2's slot starts 96 s into it
    assertThat(slot).isEqualTo(Instant.parse("2026-12-07T12:01:36Z"));
    assertThat(two.slotAtOrAfter(slot)).isEqualTo(slot);
    assertThat(two.slotAtOrAfter(slot.plusNanos(1))).isEqualTo(slot.plus(Duration.ofMinutes(4)));
    assertThat(two.inSlot(slot)).isTrue();
    assertThat(two.inSlot(slot.plusSeconds(47))).isTrue();
    assertThat(two.inSlot(slot.plusSeconds(48))).isFalse();
    assertThat(two.inSlot(slot.minusNanos(1))).isFalse();
  }

  @Test
  void aFreshlyStartedClusterRecoversEachReplicaOnceWithinItsFirstTwoPeriodsAndInTurn() {
    Instant start = Instant.parse("2026-12-07T12:03:17.250Z");
    List<Instant> first = new ArrayList<>();
    for (RecoverySchedule s : schedules(FOUR_MINUTES)) {
      Instant next = s.next(start);
      assertThat(next).isAfterOrEqualTo(start.plus(Duration.ofSeconds(240 - 48)));
      assertThat(next).isBefore(start.plus(Duration.ofSeconds(2 * 240 - 48)));
      first.add(next);
    }
    assertThat(first).doesNotHaveDuplicates();
  }

  @Test
  void afterARecoveryWithinItsSlotTheNextIsExactlyOnePeriodAfterItsStart() {
    RecoverySchedule one = new RecoverySchedule(FOUR_MINUTES, 1, N);
    Instant slot = one.slotAtOrAfter(Instant.parse("2026-12-07T12:00:00Z"));
    for (long tookMillis : new long[] {0, 1, 20_000, 47_999}) {
      assertThat(one.next(slot.plusMillis(tookMillis)))
          .as("after a recovery of %d ms", tookMillis)
          .isEqualTo(slot.plus(Duration.ofMinutes(4)));
    }
  }

  @Test
  void aScheduleWhoseSlotsDoNotFitInThePeriodIsRefusedWithTheReason() {
    RecoveryConfig tooLong =
        new RecoveryConfig(16, Duration.ofSeconds(60), Duration.ofSeconds(20), false);
    assertThatThrownBy(() -> tooLong.checkFor(N))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recoveries would overlap");
    assertThatThrownBy(() -> new RecoverySchedule(RecoveryConfig.scrubOnly(16), 0, N))
        .hasMessageContaining("recovery.period = 0");
  }

  private static List<RecoverySchedule> schedules(RecoveryConfig config) {
    List<RecoverySchedule> all = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      all.add(new RecoverySchedule(config, i, N));
    }
    return all;
  }
}
