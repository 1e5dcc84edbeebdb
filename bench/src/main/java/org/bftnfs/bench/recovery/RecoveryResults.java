package org.bftnfs.bench.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bftnfs.bench.cluster.BenchCluster;
import org.bftnfs.bench.results.MachineInfo;

/**
 * Everything one {@code bftnfs bench recovery} run measured.
 *
 * @param options what was asked
 * @param machine the machine it ran on
 * @param started when the run started (ISO-8601)
 * @param loadBefore {@code /proc/loadavg} when it started
 * @param loadAfter {@code /proc/loadavg} when the measurements ended
 * @param fillBytes bytes written to fill the file system
 * @param fill how long filling took
 * @param recoveries one per corrupt fraction, in the order measured
 * @param transfer the replica that fell behind
 * @param throughput the service's throughput before and during a recovery
 * @param replicaHeap the replica processes' maximum heap
 * @param environment the heap variables set in the run's environment, as {@code NAME=VALUE } words
 *     to put before the command (empty when none was set)
 * @param jukeboxRetries client calls the service answered with JUKEBOX and the bench retried
 * @param total the whole run
 */
public record RecoveryResults(
    RecoveryOptions options,
    MachineInfo machine,
    String started,
    String loadBefore,
    String loadAfter,
    long fillBytes,
    Duration fill,
    List<Recovery> recoveries,
    Transfer transfer,
    Throughput throughput,
    String replicaHeap,
    String environment,
    long jukeboxRetries,
    Duration total) {

  /**
   * One recovery of a replica some of whose files were corrupted while it was stopped.
   *
   * @param percent the fraction of files asked for, in %
   * @param corrupted files corrupted
   * @param stop from SIGTERM to the old process's exit (rep saved, backend stopped)
   * @param restart the new process: what it installed, and when; empty when it failed
   * @param failure why the new process exited before it installed a checkpoint
   */
  public record Recovery(
      double percent,
      int corrupted,
      Duration stop,
      Optional<BenchCluster.Restart> restart,
      Optional<String> failure) {

    /** A recovery that ended with the checkpoint installed. */
    static Recovery done(double percent, int corrupted, Duration stop, BenchCluster.Restart r) {
      return new Recovery(percent, corrupted, stop, Optional.of(r), Optional.empty());
    }

    /** A recovery whose new process exited before it installed a checkpoint. */
    static Recovery failed(double percent, int corrupted, Duration stop, String why) {
      return new Recovery(percent, corrupted, stop, Optional.empty(), Optional.of(why));
    }

    /** Stop plus start until the checkpoint was installed; empty when it failed. */
    public Optional<Duration> total() {
      return restart.map(r -> stop.plus(r.installedAfter()));
    }
  }

  /**
   * A replica stopped while files changed, then started again.
   *
   * @param changedFiles files rewritten while it was stopped
   * @param changedObjects objects changed: those files and the tick file
   * @param changedBytes their sizes added up
   * @param stop from SIGTERM to exit
   * @param restart the new process: what it fetched, and when
   */
  public record Transfer(
      int changedFiles,
      int changedObjects,
      long changedBytes,
      Duration stop,
      BenchCluster.Restart restart) {

    /** Bytes fetched ÷ bytes of the changed objects. */
    public double ratio() {
      return changedBytes == 0 ? 0 : (double) restart.installed().bytes() / changedBytes;
    }
  }

  /**
   * The load's calls answered before and during a recovery.
   *
   * @param beforeCalls calls answered in the {@code before} interval
   * @param before the interval measured before the recovery
   * @param duringCalls calls answered from SIGTERM until the checkpoint was installed
   * @param during that interval
   * @param recovery the recovery under load
   */
  public record Throughput(
      long beforeCalls,
      Duration before,
      long duringCalls,
      Duration during,
      BenchCluster.Restart recovery) {

    double beforePerSecond() {
      return perSecond(beforeCalls, before);
    }

    double duringPerSecond() {
      return perSecond(duringCalls, during);
    }

    /** Throughput during the recovery ÷ throughput before it. */
    public double ratio() {
      double b = beforePerSecond();
      return b == 0 ? 0 : duringPerSecond() / b;
    }

    private static double perSecond(long calls, Duration d) {
      return d.isZero() ? 0 : calls / (d.toNanos() / 1e9);
    }
  }

  /**
   * The longest recovery that ended (stop plus start until installed), zero when none did. Failed
   * ones are reported apart.
   */
  public Duration longestRecovery() {
    return recoveries.stream()
        .flatMap(r -> r.total().stream())
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /** True when a recovery failed. */
  public boolean anyFailed() {
    return recoveries.stream().anyMatch(r -> r.failure().isPresent());
  }
}
