package org.bftnfs.replication.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bftnfs.replication.replica.RecoveryView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proactive recovery of one replica (paper §2.2, §4): a watchdog that, at each of the replica's
 * slots of its {@link RecoverySchedule}, has the replica restarted from a clean state and checked
 * against the state f+1 others vouch for, and keeps the record operators read (last and next
 * recovery, how long it took, what it fetched, the window of vulnerability in force).
 *
 * <p>What a recovery does is the {@link Recoverable}'s business (the process that composes the
 * replica: stop the engine and the backend, start them again from disk, let state transfer fetch
 * what is wrong or missing, wait until the replica has rejoined). This class only decides when, and
 * is driven by {@link #tick()} — called periodically by the caller's executor, or directly by tests
 * with a controlled {@link Clock}.
 *
 * <p>Thread-safety: {@link #tick()} is called by one thread at a time; {@link #status()} may be
 * read from any thread.
 */
public final class ProactiveRecovery implements RecoveryView {

  private static final Logger LOG = LoggerFactory.getLogger(ProactiveRecovery.class);

  /** The replica as recovery sees it. */
  @FunctionalInterface
  public interface Recoverable {
    /**
     * Restarts the replica from a clean state and returns once it has rejoined (its state checked
     * against, and repaired from, the state f+1 others vouch for), or failed to within its slot.
     *
     * @throws Exception when the replica could not be restarted (it is then not running)
     */
    Outcome recover() throws Exception;
  }

  /**
   * What one recovery did.
   *
   * @param rejoined true when the replica installed a vouched checkpoint (or needed none)
   * @param objectsFetched objects fetched from peers because they were wrong or missing locally (or
   *     changed while the replica restarted)
   * @param bytesFetched bytes of those objects' values
   * @param detail a short note for the log (e.g. why it did not rejoin in time)
   */
  public record Outcome(boolean rejoined, long objectsFetched, long bytesFetched, String detail) {}

  /**
   * What operators see.
   *
   * @param replica this replica
   * @param period the recovery period T
   * @param stagger each replica's slot
   * @param recoveries recoveries completed
   * @param lastStarted when the last recovery started (local clock)
   * @param lastDuration how long it took
   * @param longest the longest recovery so far
   * @param next when the next recovery starts
   * @param objectsFetched objects fetched by all recoveries
   * @param bytesFetched their bytes
   * @param window the window of vulnerability in force: T plus the longer of the stagger and the
   *     longest recovery
   */
  public record Status(
      int replica,
      Duration period,
      Duration stagger,
      long recoveries,
      Optional<Instant> lastStarted,
      Optional<Duration> lastDuration,
      Duration longest,
      Instant next,
      long objectsFetched,
      long bytesFetched,
      Duration window) {}

  private final int replica;
  private final RecoverySchedule schedule;
  private final Clock clock;
  private final Recoverable recoverable;

  private long recoveries;
  private Instant lastStarted;
  private Duration lastDuration;
  private Duration longest = Duration.ZERO;
  private Instant next;
  private long objectsFetched;
  private long bytesFetched;

  /**
   * @param cleanSince when the replica last started (clean) — its first recovery is scheduled from
   *     there
   */
  public ProactiveRecovery(
      int replica,
      RecoverySchedule schedule,
      Clock clock,
      Recoverable recoverable,
      Instant cleanSince) {
    this.replica = replica;
    this.schedule = schedule;
    this.clock = clock;
    this.recoverable = recoverable;
    this.next = schedule.next(cleanSince);
  }

  /**
   * Recovers the replica when its next recovery is due, then schedules the one after.
   *
   * @return true when a recovery ran
   * @throws Exception when the replica could not be restarted (it is then not running: the caller
   *     stops the process with the reason)
   */
  public boolean tick() throws Exception {
    Instant now = clock.instant();
    synchronized (this) {
      if (now.isBefore(next)) {
        return false;
      }
      if (!schedule.inSlot(now)) {
        // the process was paused or busy past its slot: recovering now could overlap another
        // replica's slot; wait for the next one of its own
        LOG.warn(
            "replica {}: missed its recovery slot at {} (now {}); next at {}",
            replica,
            next,
            now,
            schedule.slotAtOrAfter(now));
        next = schedule.slotAtOrAfter(now);
        return false;
      }
    }
    run(now, "proactive recovery");
    return true;
  }

  /**
   * Recovers the replica now, outside its schedule: its engine failed (it is down already, so this
   * spends no more of the f faults than the failure did). The next scheduled recovery is counted
   * from the end of this one.
   *
   * @throws Exception when the replica could not be restarted
   */
  public void recoverNow(String why) throws Exception {
    LOG.warn("replica {}: recovering now: {}", replica, why);
    run(clock.instant(), "recovery after a failure");
  }

  private void run(Instant now, String kind) throws Exception {
    synchronized (this) {
      lastStarted = now;
    }
    LOG.info("replica {}: {} {} starts", replica, kind, recoveries + 1);
    Outcome outcome = recoverable.recover();
    Instant end = clock.instant();
    Duration took = Duration.between(now, end);
    synchronized (this) {
      recoveries++;
      lastDuration = took;
      longest = longest.compareTo(took) >= 0 ? longest : took;
      objectsFetched += outcome.objectsFetched();
      bytesFetched += outcome.bytesFetched();
      next = schedule.next(end);
    }
    if (took.compareTo(schedule.stagger()) > 0) {
      LOG.warn(
          "replica {}: recovery {} took {} ms, longer than its slot ({} s): recoveries of"
              + " neighbouring replicas may overlap; raise recovery.stagger",
          replica,
          recoveries,
          took.toMillis(),
          schedule.stagger().toSeconds());
    }
    LOG.info(
        "replica {}: {} {} done in {} ms: {}, fetched {} objects ({} bytes){}; next at {}",
        replica,
        kind,
        recoveries,
        took.toMillis(),
        outcome.rejoined() ? "rejoined" : "NOT rejoined",
        outcome.objectsFetched(),
        outcome.bytesFetched(),
        outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")",
        next);
  }

  /** The record operators read. */
  public synchronized Status status() {
    Duration bound = longest.compareTo(schedule.stagger()) > 0 ? longest : schedule.stagger();
    return new Status(
        replica,
        schedule.period(),
        schedule.stagger(),
        recoveries,
        Optional.ofNullable(lastStarted),
        Optional.ofNullable(lastDuration),
        longest,
        next,
        objectsFetched,
        bytesFetched,
        schedule.period().plus(bound));
  }

  @Override
  public synchronized Optional<Instant> lastRecovery() {
    return lastStarted == null || lastDuration == null
        ? Optional.empty()
        : Optional.of(lastStarted.plus(lastDuration));
  }

  @Override
  public synchronized Optional<Instant> nextRecovery() {
    return Optional.of(next);
  }

  /** Objects fetched by recoveries: wrong or missing locally, or changed while it restarted. */
  @Override
  public synchronized long repairedByRecoveries() {
    return objectsFetched;
  }

  @Override
  public Optional<Duration> windowOfVulnerability() {
    return Optional.of(status().window());
  }

  @Override
  public String toString() {
    return "proactive recovery every " + schedule.period().toSeconds() + " s";
  }
}
