package org.bftnfs.replication.ordering.smart;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a replica that stops executing, so that it is never silent about it: the engine's
 * delivery thread gone (the replica then stops: fail-stop, rather than vote without executing), or
 * no ordered request executed for {@code stallAfter} while requests wait or a consensus instance is
 * open (logged once per episode, and reported in every {@link #status} — which the replica's answer
 * to a status ping carries, see {@code bftnfs status}). A group that lost its quorum stalls too:
 * the status then says so at every live replica.
 *
 * <p>Driven by {@link #check}, which the replica calls once a second; tests call it with their own
 * clock and engine.
 */
final class ExecutionWatchdog {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionWatchdog.class);

  /** What the watchdog reads from the engine. */
  interface Engine {
    /** The last consensus instance whose requests were executed (-1 before the first). */
    int lastExecuted();

    /** Whether requests wait to be ordered or a consensus instance is in execution. */
    boolean busy();

    /** Whether the engine's delivery thread (which executes ordered requests) still runs. */
    boolean deliveryAlive();
  }

  /** How the replica executes. */
  enum Health {
    /** Executed something since the last check, or has nothing to do. */
    EXECUTING,
    /** Has had work waiting without executing anything for longer than the stall limit. */
    STALLED,
    /** Its delivery thread is gone: it stops. */
    DEAD
  }

  /** What a status ping reports. */
  record Status(int lastExecuted, Health health, long stalledSeconds) {}

  private final int replica;
  private final Engine engine;
  private final LongSupplier nanoTime;
  private final long stallNanos;
  private final Runnable onDeath;
  private int lastExecuted;
  private long progressAt;
  private Health health = Health.EXECUTING;

  /**
   * @param onDeath what to do (once) when the delivery thread is gone: stop the replica
   */
  ExecutionWatchdog(
      int replica, Engine engine, LongSupplier nanoTime, Duration stallAfter, Runnable onDeath) {
    this.replica = replica;
    this.engine = engine;
    this.nanoTime = nanoTime;
    this.stallNanos = stallAfter.toNanos();
    this.onDeath = onDeath;
    this.lastExecuted = engine.lastExecuted();
    this.progressAt = nanoTime.getAsLong();
  }

  /** Looks at the engine once; returns the health it found. */
  synchronized Health check() {
    if (health == Health.DEAD) {
      return health;
    }
    long now = nanoTime.getAsLong();
    if (!engine.deliveryAlive()) {
      health = Health.DEAD;
      LOG.error(
          "replica {}: the ordering engine's delivery thread is gone (last executed consensus {});"
              + " stopping this replica: restart it to rejoin",
          replica,
          lastExecuted);
      onDeath.run();
      return health;
    }
    int executed = engine.lastExecuted();
    if (executed != lastExecuted || !engine.busy()) {
      if (health == Health.STALLED) {
        LOG.warn(
            "replica {}: executing again (consensus {}) after {} s",
            replica,
            executed,
            (now - progressAt) / 1_000_000_000L);
      }
      lastExecuted = executed;
      progressAt = now;
      health = Health.EXECUTING;
    } else if (health == Health.EXECUTING && now - progressAt > stallNanos) {
      health = Health.STALLED;
      LOG.warn(
          "replica {}: has had requests waiting for {} s without executing any (last executed"
              + " consensus {}): the group may have lost its quorum, or this replica is stuck",
          replica,
          (now - progressAt) / 1_000_000_000L,
          lastExecuted);
    }
    return health;
  }

  /** The health found by the last check, with how long the replica has been stalled. */
  synchronized Status status() {
    long stalled =
        health == Health.EXECUTING ? 0 : (nanoTime.getAsLong() - progressAt) / 1_000_000_000L;
    return new Status(lastExecuted, health, stalled);
  }
}
