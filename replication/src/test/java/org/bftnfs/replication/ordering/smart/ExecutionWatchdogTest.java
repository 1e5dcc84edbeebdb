package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.replication.ordering.smart.ExecutionWatchdog.Health;
import org.junit.jupiter.api.Test;

/**
 * A replica that stops executing is noticed, not silent: a dead delivery thread stops the replica
 * (once), work waiting without progress past the limit is a stall, reported until progress resumes.
 * The engine and the clock are the test's.
 */
class ExecutionWatchdogTest {

  private final FakeEngine engine = new FakeEngine();
  private long now;
  private final AtomicInteger stops = new AtomicInteger();
  private final ExecutionWatchdog watchdog =
      new ExecutionWatchdog(0, engine, () -> now, Duration.ofSeconds(30), stops::incrementAndGet);

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
    assertThat(watchdog.status()).isEqualTo(new ExecutionWatchdog.Status(8, Health.EXECUTING, 0));
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
  }
}
