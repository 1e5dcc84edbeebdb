package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.replication.ordering.smart.ExecutionWatchdog.Health;
import org.junit.jupiter.api.Test;

/**
 * A replica that stops executing is noticed, not silent: a dead delivery thread stops the replica
 * (once), work waiting without progress past the limit is a stall, reported until progress resumes;
 * before that, such a replica asks its peers whether it fell behind, and again every period while
 * it stays stuck. The engine and the clock are the test's.
 */
class ExecutionWatchdogTest {

  private final FakeEngine engine = new FakeEngine();
  private long now;
  private final AtomicInteger stops = new AtomicInteger();
  private final ExecutionWatchdog watchdog =
      new ExecutionWatchdog(
          0,
          engine,
          () -> now,
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          Duration.ofSeconds(3),
          stops::incrementAndGet);

  @Test
  void anIdleReplicaIsNeverStalled() {
    now += Duration.ofHours(1).toNanos();
    assertThat(watchdog.check()).isEqualTo(Health.EXECUTING);
  }

  @Test
  void workWaitingWithoutProgressPastTheLimitIsAStallUntilProgressResumes() {
    engine.busy = true;
    now += Duration.ofSeconds(29).toNanos();
    assertThat(watchdog.check()).isEqualTo(Health.EXECUTING);
    now += Duration.ofSeconds(2).toNanos();
    assertThat(watchdog.check()).isEqualTo(Health.STALLED);
    assertThat(watchdog.status().stalledSeconds()).isEqualTo(31);
    assertThat(watchdog.status().lastExecuted()).isEqualTo(7);

    engine.lastExecuted = 8;
    now += Duration.ofSeconds(1).toNanos();
    assertThat(watchdog.check()).isEqualTo(Health.EXECUTING);
    assertThat(watchdog.status())
        .isEqualTo(new ExecutionWatchdog.Status(8, Health.EXECUTING, 0, 2));
    assertThat(stops).hasValue(0);
  }

  @Test
  void progressKeepsABusyReplicaExecuting() {
    engine.busy = true;
    for (int i = 0; i < 100; i++) {
      now += Duration.ofSeconds(1).toNanos();
      engine.lastExecuted++;
      assertThat(watchdog.check()).isEqualTo(Health.EXECUTING);
    }
  }

  @Test
  void aStuckReplicaAsksItsPeersWhetherItFellBehindEveryPeriodUntilItExecutesAgain() {
    engine.busy = true;
    now += Duration.ofSeconds(9).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).as("not before the period").isZero();
    now += Duration.ofSeconds(1).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).isEqualTo(1);
    now += Duration.ofSeconds(5).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).as("one round per period").isEqualTo(1);
    engine.canCatchUp = false; // a round is still under way: asked again next period
    now += Duration.ofSeconds(5).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).isEqualTo(2);

    engine.lastExecuted = 8;
    now += Duration.ofSeconds(1).toNanos();
    watchdog.check();
    now += Duration.ofSeconds(9).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).as("progress restarts the period").isEqualTo(2);
    now += Duration.ofSeconds(1).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).isEqualTo(3);
    assertThat(engine.seen)
        .as("each round names the instance the replica was seen stuck at")
        .containsExactly(7, 7, 8);
  }

  /**
   * A replica that just installed a state and then executes nothing with work waiting asks its
   * peers after the short delay, not the full period; one that executes after the install does not
   * ask at all.
   */
  @Test
  void afterAnInstallAStuckReplicaAsksSoon() {
    engine.busy = true;
    watchdog.check();
    now += Duration.ofSeconds(5).toNanos();
    engine.lastExecuted = 40; // the install jumps ahead
    watchdog.installed();
    watchdog.check();
    now += Duration.ofSeconds(2).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).as("not before the delay after the install").isZero();
    now += Duration.ofSeconds(1).toNanos();
    watchdog.check();
    assertThat(engine.catchUps).isEqualTo(1);
    assertThat(engine.seen).containsExactly(40);

    // installed again, and this time it executes: no round
    now += Duration.ofSeconds(1).toNanos();
    engine.lastExecuted = 90;
    watchdog.installed();
    watchdog.check();
    for (int i = 0; i < 9; i++) {
      now += Duration.ofSeconds(1).toNanos();
      engine.lastExecuted++;
      watchdog.check();
    }
    assertThat(engine.catchUps).isEqualTo(1);
  }

  @Test
  void anIdleOrProgressingReplicaNeverAsks() {
    now += Duration.ofHours(1).toNanos();
    watchdog.check();
    engine.busy = true;
    for (int i = 0; i < 100; i++) {
      now += Duration.ofSeconds(1).toNanos();
      engine.lastExecuted++;
      watchdog.check();
    }
    assertThat(engine.catchUps).isZero();
  }

  @Test
  void aDeadDeliveryThreadStopsTheReplicaOnce() {
    engine.alive = false;
    assertThat(watchdog.check()).isEqualTo(Health.DEAD);
    assertThat(watchdog.check()).isEqualTo(Health.DEAD);
    assertThat(stops).hasValue(1);
    assertThat(watchdog.status().health()).isEqualTo(Health.DEAD);
  }

  private static final class FakeEngine implements ExecutionWatchdog.Engine {
    int lastExecuted = 7;
    boolean busy;
    boolean alive = true;
    boolean canCatchUp = true;
    int catchUps;

    @Override
    public int lastExecuted() {
      return lastExecuted;
    }

    @Override
    public boolean busy() {
      return busy;
    }

    @Override
    public boolean deliveryAlive() {
      return alive;
    }

    @Override
    public int leader() {
      return 2;
    }

    final List<Integer> seen = new ArrayList<>();

    @Override
    public boolean catchUp(int seenLastExecuted) {
      catchUps++;
      seen.add(seenLastExecuted);
      return canCatchUp;
    }
  }
}
