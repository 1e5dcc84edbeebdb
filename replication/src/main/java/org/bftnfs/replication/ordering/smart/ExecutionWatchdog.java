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
 * <p>A replica that has had work waiting without executing for {@code catchUpAfter} (and again
 * every {@code catchUpAfter} while that lasts) asks its peers whether it fell behind, and fetches
 * their state if it did ({@link Engine#catchUp}): a replica that missed an instance must not wait
 * for the group to get far enough ahead for the engine to notice, which may never happen.
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

    /**
     * Whether requests wait to be ordered, a consensus instance is in execution, or a peer was seen
     * working on an instance this replica has not executed (see {@code GroupProgress}).
     */
    boolean busy();

    /**
     * Whether the engine's delivery thread (which executes ordered requests) and its message thread
     * (which handles every message from the peers) still run, the message thread not stuck in one
     * message. The library lets either die on an unexpected exception (its synchroniser
     * dereferences a missing decision, for one) and has waited for ever inside one message, and a
     * replica without them never executes again.
     */
    boolean deliveryAlive();

    /**
     * Starts asking the peers whether this replica fell behind (and fetching their state if so),
     * provided its last executed instance is still {@code seen}; false when that cannot start now
     * (a state is being fetched, a round is under way) or the replica executed meanwhile — e.g. it
     * just finished installing a state, which can take longer than the catch-up period and holds
     * the state manager: a round started right after it would fetch again for nothing (and one
     * started while the installed state's requests are replayed was seen never to finish).
     */
    boolean catchUp(int seen);

    /** The replica this one currently takes as the leader (-1 when it does not know). */
    int leader();
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

  /**
   * What a status ping reports.
   *
   * @param leader the replica this one currently takes as the leader (-1: unknown)
   */
  record Status(int lastExecuted, Health health, long stalledSeconds, int leader) {}

  private final int replica;
  private final Engine engine;
  private final LongSupplier nanoTime;
  private final long stallNanos;
  private final long catchUpNanos;
  private final long afterInstallNanos;
  private final Runnable onDeath;

  /** When a state was last installed ({@link #installed}); written without this monitor. */
  private volatile long installedAt = Long.MIN_VALUE;

  private long installSeen = Long.MIN_VALUE;
  private int lastExecuted;
  private long progressAt;
  private long catchUpAt;
  private Health health = Health.EXECUTING;

  /**
   * @param stallAfter how long work may wait without execution before the replica reports a stall
   * @param catchUpAfter how long work may wait without execution before the replica asks its peers
   *     whether it fell behind (and again after each further such period)
   * @param afterInstall how long work may wait without execution right after a state was installed
   *     ({@link #installed}) before the replica asks its peers again: a replica that installed a
   *     checkpoint while the group went on may have missed instances it cannot decide alone
   * @param onDeath what to do (once) when the delivery thread is gone: stop the replica
   */
  ExecutionWatchdog(
      int replica,
      Engine engine,
      LongSupplier nanoTime,
      Duration stallAfter,
      Duration catchUpAfter,
      Duration afterInstall,
      Runnable onDeath) {
    this.replica = replica;
    this.engine = engine;
    this.nanoTime = nanoTime;
    this.stallNanos = stallAfter.toNanos();
    this.catchUpNanos = catchUpAfter.toNanos();
    this.afterInstallNanos = afterInstall.toNanos();
    this.onDeath = onDeath;
    this.lastExecuted = engine.lastExecuted();
    this.progressAt = nanoTime.getAsLong();
    this.catchUpAt = progressAt;
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
          "replica {}: the ordering engine's delivery or message thread is gone, or the message"
              + " thread is stuck in one message (last executed consensus {}); stopping this"
              + " replica: restart it to rejoin",
          replica,
          lastExecuted);
      onDeath.run();
      return health;
    }
    int executed = engine.lastExecuted();
    long installed = installedAt;
    boolean newInstall = installed != installSeen;
    installSeen = installed;
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
      // right after an install (which itself looks like progress) the next round comes sooner
      catchUpAt = newInstall ? now - catchUpNanos + afterInstallNanos : now;
      health = Health.EXECUTING;
      return health;
    }
    if (newInstall) {
      catchUpAt = Math.min(catchUpAt, now - catchUpNanos + afterInstallNanos);
    }
    if (now - catchUpAt >= catchUpNanos) {
      catchUpAt = now;
      if (engine.catchUp(lastExecuted)) {
        LOG.warn(
            "replica {}: has had requests waiting for {} s without executing any (last executed"
                + " consensus {}): asking its peers whether it fell behind",
            replica,
            (now - progressAt) / 1_000_000_000L,
            lastExecuted);
      }
    }
    if (health == Health.EXECUTING && now - progressAt > stallNanos) {
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

  /**
   * A state was just installed (any thread; takes no lock, so the state manager may call it while
   * it holds its own): should the replica then have work waiting and execute nothing for {@code
   * afterInstall}, it asks its peers whether it fell behind, without waiting the full catch-up
   * period.
   */
  void installed() {
    installedAt = nanoTime.getAsLong();
  }

  /** The health found by the last check, with how long the replica has been stalled. */
  synchronized Status status() {
    long stalled =
        health == Health.EXECUTING ? 0 : (nanoTime.getAsLong() - progressAt) / 1_000_000_000L;
    return new Status(lastExecuted, health, stalled, engine.leader());
  }
}
