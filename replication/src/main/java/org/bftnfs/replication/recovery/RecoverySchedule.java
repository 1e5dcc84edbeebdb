package org.bftnfs.replication.recovery;

import java.time.Duration;
import java.time.Instant;
import org.bftnfs.replication.config.RecoveryConfig;

/**
 * When one replica recovers proactively (paper §2.2, §4): replica {@code i} of {@code n} owns the
 * slot that starts {@code i × stagger} into every period of length T, counted from the epoch, so
 * the replicas' slots never overlap ({@code n × stagger ≤ T}) and — with clocks that agree within
 * much less than a stagger, and recoveries shorter than it — no two replicas recover at once: at
 * most one of the f faults the service tolerates is spent on recovery.
 *
 * <p>A replica that just started or recovered is clean: its next recovery is the first of its slots
 * at least {@code T − stagger} later, which is exactly one period after the start of the recovery
 * it just finished (when that recovery ended within its slot), and for a freshly started cluster
 * puts the first recovery of each replica between {@code T − stagger} and {@code 2T − stagger}
 * after start.
 *
 * <p>Pure: times in, times out. The local clock is read by the caller, and only for scheduling;
 * nothing here reaches the agreed state.
 */
public final class RecoverySchedule {

  private final long periodNanos;
  private final long offsetNanos;
  private final long staggerNanos;

  /**
   * @param recovery the cluster's schedule (proactive)
   * @param replica this replica's id, 0..n−1
   * @param n the number of replicas
   */
  public RecoverySchedule(RecoveryConfig recovery, int replica, int n) {
    if (!recovery.proactive()) {
      throw new IllegalArgumentException("proactive recovery is off (recovery.period = 0)");
    }
    if (replica < 0 || replica >= n) {
      throw new IllegalArgumentException("replica " + replica + " is not in 0.." + (n - 1));
    }
    recovery.checkFor(n);
    this.periodNanos = recovery.period().toNanos();
    this.staggerNanos = recovery.stagger().toNanos();
    this.offsetNanos = staggerNanos * replica;
  }

  /** The period T. */
  public Duration period() {
    return Duration.ofNanos(periodNanos);
  }

  /** The length of each replica's slot. */
  public Duration stagger() {
    return Duration.ofNanos(staggerNanos);
  }

  /** The first of this replica's slots that starts at or after {@code time}. */
  public Instant slotAtOrAfter(Instant time) {
    long t = nanos(time);
    long k = Math.floorDiv(t - offsetNanos, periodNanos);
    long slot = k * periodNanos + offsetNanos;
    if (slot < t) {
      slot += periodNanos;
    }
    return Instant.EPOCH.plusNanos(slot);
  }

  /** When a replica that has been clean since {@code cleanSince} next recovers. */
  public Instant next(Instant cleanSince) {
    return slotAtOrAfter(cleanSince.plusNanos(periodNanos - staggerNanos));
  }

  /** True when {@code time} falls in one of this replica's slots. */
  public boolean inSlot(Instant time) {
    long into = Math.floorMod(nanos(time) - offsetNanos, periodNanos);
    return into < staggerNanos;
  }

  private static long nanos(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
  }
}
