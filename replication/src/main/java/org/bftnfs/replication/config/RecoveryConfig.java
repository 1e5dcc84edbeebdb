package org.bftnfs.replication.config;

import java.time.Duration;

/**
 * How a cluster finds and removes faults in its replicas (paper §2.2, §3.4), from the cluster
 * file's {@code recovery.*} keys.
 *
 * <ul>
 *   <li>{@code scrubPerSecond}: objects each replica re-reads from its backend per second and
 *       checks against its latest checkpoint (0: no scrubbing).
 *   <li>{@code period} (T): every replica is restarted from a clean state once per period and
 *       checks every object against the state f+1 others vouch for (proactive recovery; zero: off).
 *   <li>{@code stagger}: replica {@code i} recovers at {@code i × stagger} into each period, so
 *       that recoveries never overlap when each takes less than the stagger; {@code n × stagger}
 *       must fit in the period.
 *   <li>{@code emptyExport}: a recovery wipes the replica's export and conformance rep first and
 *       fetches the whole state (for disks that cannot be trusted), instead of checking what is on
 *       disk and fetching only what is wrong.
 * </ul>
 */
public record RecoveryConfig(
    int scrubPerSecond, Duration period, Duration stagger, boolean emptyExport) {

  /** Objects a replica scrubs per second unless the cluster file says otherwise. */
  public static final int DEFAULT_SCRUB_PER_SECOND = 16;

  /**
   * The recovery period unless the cluster file says otherwise: with the default stagger, the
   * window of vulnerability of a 4-replica cluster ({@code period + stagger}) stays under 5
   * minutes.
   */
  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(4);

  public RecoveryConfig {
    if (scrubPerSecond < 0) {
      throw new IllegalArgumentException("recovery.scrubPerSecond must be 0 (off) or more");
    }
    if (period.isNegative() || stagger.isNegative()) {
      throw new IllegalArgumentException(
          "recovery.period and recovery.stagger must not be negative");
    }
    if (!period.isZero() && stagger.isZero()) {
      throw new IllegalArgumentException("recovery.stagger must be positive when recovery is on");
    }
  }

  /** The defaults for {@code n} replicas: scrubbing, and a recovery every 4 minutes. */
  public static RecoveryConfig defaults(int n) {
    return new RecoveryConfig(
        DEFAULT_SCRUB_PER_SECOND, DEFAULT_PERIOD, defaultStagger(DEFAULT_PERIOD, n), false);
  }

  /** Scrubbing at {@code scrubPerSecond} objects per second, no proactive recovery. */
  public static RecoveryConfig scrubOnly(int scrubPerSecond) {
    return new RecoveryConfig(scrubPerSecond, Duration.ZERO, Duration.ZERO, false);
  }

  /**
   * The stagger unless configured: the period divided into {@code n + 1} slots, one per replica and
   * one left free, so the last replica's recovery ends before the first one's next begins.
   */
  public static Duration defaultStagger(Duration period, int n) {
    return period.dividedBy(n + 1);
  }

  /** True when replicas recover proactively. */
  public boolean proactive() {
    return !period.isZero();
  }

  /**
   * The window of vulnerability this schedule gives, assuming each recovery ends within its
   * stagger: a fault that appears in a replica right after its recovery ended is removed by the end
   * of its next recovery, at most {@code period + stagger} later. An attacker must corrupt f+1
   * replicas within one window to break the service.
   */
  public Duration windowOfVulnerability() {
    return period.plus(stagger);
  }

  /**
   * Checks this schedule against a cluster of {@code n} replicas.
   *
   * @throws IllegalArgumentException when {@code n} staggered recoveries do not fit in the period
   */
  public RecoveryConfig checkFor(int n) {
    if (proactive() && stagger.multipliedBy(n).compareTo(period) > 0) {
      throw new IllegalArgumentException(
          "recovery.stagger ("
              + stagger.toSeconds()
              + " s) times the "
              + n
              + " replicas is more than recovery.period ("
              + period.toSeconds()
              + " s): recoveries would overlap");
    }
    return this;
  }

  /** This configuration with another scrub rate. */
  public RecoveryConfig withScrubPerSecond(int perSecond) {
    return new RecoveryConfig(perSecond, period, stagger, emptyExport);
  }
}
