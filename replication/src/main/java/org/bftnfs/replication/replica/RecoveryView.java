package org.bftnfs.replication.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a replica's proactive recovery (paper §2.2, §4) tells operators: when the replica last
 * recovered, when it recovers next, how many objects recoveries repaired, and the window of
 * vulnerability in force. Read for reporting only ({@code bftnfs status}, the replica's metrics),
 * never by execution.
 *
 * <p>Contract: every method may be called at any time from any thread (a metrics scrape), returns
 * at once (no waiting on the replica's execution lock), and never throws. Times are the replica's
 * local clock (reporting only). {@link #NONE} stands for a replica without proactive recovery.
 */
public interface RecoveryView {

  /** When the replica's last recovery ended; empty when it has not recovered since it started. */
  Optional<Instant> lastRecovery();

  /** When the replica's next recovery is due; empty when none is scheduled. */
  Optional<Instant> nextRecovery();

  /** How many objects recoveries repaired (fetched from the peers) since the replica started. */
  long repairedByRecoveries();

  /**
   * The window of vulnerability in force: the longest time an object may stay corrupted before a
   * recovery repairs it (f+1 replicas must be corrupted within it to break the service); empty when
   * the replica does no proactive recovery.
   */
  Optional<Duration> windowOfVulnerability();

  /** True when this replica recovers proactively (a window of vulnerability is in force). */
  default boolean proactive() {
    return windowOfVulnerability().isPresent();
  }

  /** A replica without proactive recovery: nothing recovered, nothing scheduled, no window. */
  RecoveryView NONE =
      new RecoveryView() {
        @Override
        public Optional<Instant> lastRecovery() {
          return Optional.empty();
        }

        @Override
        public Optional<Instant> nextRecovery() {
          return Optional.empty();
        }

        @Override
        public long repairedByRecoveries() {
          return 0;
        }

        @Override
        public Optional<Duration> windowOfVulnerability() {
          return Optional.empty();
        }

        @Override
        public String toString() {
          return "no proactive recovery";
        }
      };
}
