package org.bftnfs.bench.checkpoints;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bftnfs.bench.results.MachineInfo;

/**
 * Everything one {@code bftnfs bench checkpoints} run measured.
 *
 * @param options what was asked
 * @param machine the machine it ran on
 * @param started when the run started (ISO-8601)
 * @param loadBefore {@code /proc/loadavg} when it started
 * @param loadAfter {@code /proc/loadavg} when the measurements ended
 * @param sizes one per file count measured, in order
 * @param failure why the run stopped before the last file count, if it did
 * @param leftOut why the file counts after the last measured were left out (their creation would
 *     have taken longer than {@code --create-budget-minutes}), if they were
 * @param replicaHeap the replica processes' maximum heap
 * @param environment the heap variables set in the run's environment, as {@code NAME=VALUE } words
 * @param jukeboxRetries client calls the service answered with JUKEBOX and the bench retried
 * @param total the whole run
 */
record CheckpointsResults(
    CheckpointsOptions options,
    MachineInfo machine,
    String started,
    String loadBefore,
    String loadAfter,
    List<Size> sizes,
    Optional<String> failure,
    Optional<String> leftOut,
    String replicaHeap,
    String environment,
    long jukeboxRetries,
    Duration total) {

  /**
   * The measurements at one file count.
   *
   * @param files files in the file system
   * @param directories the directories holding them
   * @param created files created to reach that count
   * @param creation how long creating them took
   * @param whileCreating the checkpoints taken while they were created
   * @param load the checkpoints taken during the WRITE load
   * @param writes the WRITE load's latencies
   */
  record Size(
      int files,
      int directories,
      int created,
      Duration creation,
      CheckpointTally.Checkpoints whileCreating,
      CheckpointTally.Checkpoints load,
      Latencies writes) {

    /** Files created per second. */
    double creationRate() {
      return creation.isZero() ? 0 : created / (creation.toNanos() / 1e9);
    }
  }
}
