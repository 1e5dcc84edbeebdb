package org.bftnfs.bench.checkpoints;

import java.util.Optional;
import org.bftnfs.bench.cluster.BenchCluster;

/**
 * The checkpoints the replicas took over an interval, from successive readings of their metrics:
 * the first reading of each replica is its baseline; how many it took since and the seconds they
 * took come from its counters (exact, however seldom it was read); a reading that finds exactly one
 * more checkpoint than the previous one also gives that checkpoint's own duration (the gauge of the
 * last one), so the longest is the longest of those seen one by one.
 *
 * <p>Not thread-safe: one reader at a time.
 */
final class CheckpointTally {

  /** The counter of checkpoints taken. */
  static final String TAKEN = "bftnfs_checkpoints_taken_total";

  /** The counter of the seconds they took. */
  static final String SECONDS = "bftnfs_checkpoint_seconds_total";

  /** The gauge of the last one's seconds. */
  static final String LAST = "bftnfs_last_checkpoint_seconds";

  /**
   * One reading of a replica's checkpoint metrics.
   *
   * @param taken checkpoints taken since it started
   * @param seconds the seconds they took, added up
   * @param lastSeconds the latest one's seconds (0 before the first)
   */
  record Reading(long taken, double seconds, double lastSeconds) {

    /** The reading in a metrics page; empty when the page lacks the counters. */
    static Optional<Reading> parse(String metrics) {
      Optional<Double> taken = BenchCluster.value(metrics, TAKEN);
      Optional<Double> seconds = BenchCluster.value(metrics, SECONDS);
      if (taken.isEmpty() || seconds.isEmpty()) {
        return Optional.empty();
      }
      double last = BenchCluster.value(metrics, LAST).orElse(0.0);
      return Optional.of(new Reading(taken.get().longValue(), seconds.get(), last));
    }
  }

  /**
   * What the interval's checkpoints took, all replicas together.
   *
   * @param taken checkpoints taken (by all replicas)
   * @param meanSeconds their mean duration (NaN when none)
   * @param maxSeconds the longest seen one by one (NaN when none was)
   * @param seen how many were seen one by one
   */
  record Checkpoints(long taken, double meanSeconds, double maxSeconds, long seen) {}

  private final Reading[] first;
  private final Reading[] last;
  private double max = Double.NaN;
  private long seen;

  CheckpointTally(int replicas) {
    this.first = new Reading[replicas];
    this.last = new Reading[replicas];
  }

  /**
   * Adds a reading of {@code replica}.
   *
   * @throws IllegalArgumentException when its counter went back (the replica restarted)
   */
  void add(int replica, Reading r) {
    Reading before = last[replica];
    if (before == null) {
      first[replica] = r;
      last[replica] = r;
      return;
    }
    if (r.taken() < before.taken()) {
      throw new IllegalArgumentException(
          "replica " + replica + "'s checkpoint counter went back: it restarted");
    }
    if (r.taken() == before.taken() + 1) {
      seen++;
      max = Double.isNaN(max) ? r.lastSeconds() : Math.max(max, r.lastSeconds());
    }
    last[replica] = r;
  }

  /** The checkpoints from each replica's first reading to its last. */
  Checkpoints result() {
    long taken = 0;
    double seconds = 0;
    for (int i = 0; i < first.length; i++) {
      if (first[i] != null) {
        taken += last[i].taken() - first[i].taken();
        seconds += last[i].seconds() - first[i].seconds();
      }
    }
    return new Checkpoints(taken, taken == 0 ? Double.NaN : seconds / taken, max, seen);
  }
}
