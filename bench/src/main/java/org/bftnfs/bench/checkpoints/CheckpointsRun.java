package org.bftnfs.bench.checkpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.cluster.BenchCluster;
import org.bftnfs.bench.cluster.ClusterRuns;
import org.bftnfs.bench.cluster.Jukebox;
import org.bftnfs.bench.results.MachineInfo;
import org.bftnfs.bench.targets.Launcher;
import org.bftnfs.bench.targets.TargetStarter;

/**
 * One run of {@code bftnfs bench checkpoints}: starts a cluster and, for each file count in turn,
 * grows the file system to it ({@link Grower}), waits until every replica executed what its peers
 * did, and runs the WRITE load ({@link TimedWrites}) while following the replicas' checkpoints
 * ({@link CheckpointWatch}). A failure at one file count ends the run with the counts measured
 * before it.
 */
final class CheckpointsRun {

  /** The load's first calls, not measured: connection and JIT warm-up. */
  static final Duration WARM_UP = Duration.ofSeconds(5);

  private final CheckpointsOptions options;
  private final Consumer<String> progress;
  private final Launcher launcher;
  private final Jukebox jukebox = new Jukebox();

  CheckpointsRun(CheckpointsOptions options, Consumer<String> progress, Launcher launcher) {
    this.options = options;
    this.progress = progress;
    this.launcher = launcher;
  }

  CheckpointsResults run() throws BenchException, InterruptedException {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    Path work = ClusterRuns.workDirectory(options.work(), "bftnfs-bench-checkpoints-");
    MachineInfo machine;
    try {
      machine = MachineInfo.current(work);
    } catch (IOException e) {
      throw new BenchException("cannot read the machine's facts: " + e.getMessage(), e);
    }
    String loadBefore = ClusterRuns.loadAverage();
    boolean clean = false;
    progress.accept("starting a cluster of 4 replicas (local directories) in " + work);
    try (BenchCluster cluster =
        BenchCluster.start(
            work.resolve("cluster"),
            launcher,
            launcher,
            options.checkpointPeriod(),
            TargetStarter.CALL_TIMEOUT)) {
      Backend client = cluster.mount();
      List<CheckpointsResults.Size> sizes = new ArrayList<>();
      Optional<String> failure = Optional.empty();
      Optional<String> leftOut = Optional.empty();
      try {
        TimedWrites writes =
            new TimedWrites(client, jukebox, System::nanoTime, options.fileKib() * 1024L);
        Grower grower = new Grower(cluster, client, options.clients(), jukebox);
        for (int files : options.files()) {
          leftOut = overBudget(sizes, files);
          if (leftOut.isPresent()) {
            progress.accept(leftOut.get());
            break;
          }
          try {
            sizes.add(measure(cluster, grower, writes, files));
          } catch (BenchException | BackendException | IllegalStateException e) {
            failure = Optional.of(files + " files: " + e.getMessage());
            progress.accept("failed at " + failure.get() + "; the file counts left are not run");
            break;
          }
        }
      } catch (BackendException e) {
        throw new BenchException("a client call failed: " + e.getMessage(), e);
      } finally {
        client.close();
        progress.accept("stopping the cluster");
      }
      clean = failure.isEmpty();
      return new CheckpointsResults(
          options,
          machine,
          started.toString(),
          loadBefore,
          ClusterRuns.loadAverage(),
          List.copyOf(sizes),
          failure,
          leftOut,
          launcher.heap().forSubcommand("replica"),
          ClusterRuns.environment(),
          jukebox.retries(),
          Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      if (!clean) {
        progress.accept("failed; the cluster's data and logs stay in " + work);
      } else if (options.work().isEmpty()) {
        ClusterRuns.deleteTree(work);
      }
    }
  }

  /**
   * Why {@code files} (and the counts after it) are left out: creating the files it adds would take
   * longer than {@code --create-budget-minutes} at the previous count's rate; empty when it is
   * measured.
   */
  private Optional<String> overBudget(List<CheckpointsResults.Size> sizes, int files) {
    if (options.createBudget().isEmpty() || sizes.isEmpty()) {
      return Optional.empty();
    }
    CheckpointsResults.Size last = sizes.get(sizes.size() - 1);
    double rate = last.creationRate();
    double minutes = rate <= 0 ? Double.POSITIVE_INFINITY : (files - last.files()) / rate / 60;
    double budget = options.createBudget().get().toMillis() / 60_000.0;
    if (minutes <= budget) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%,d files and more left out: creating %,d more files at the %.1f files/s measured for"
                + " %,d would take about %.0f minutes, over --create-budget-minutes %s",
            files,
            files - last.files(),
            rate,
            last.files(),
            minutes,
            CheckpointsReport.number(budget)));
  }

  private CheckpointsResults.Size measure(
      BenchCluster cluster, Grower grower, TimedWrites writes, int files)
      throws BenchException, InterruptedException {
    int created = files - grower.files();
    progress.accept(
        "growing the file system to " + files + " files (" + options.clients() + " clients)");
    CheckpointWatch creating = new CheckpointWatch(cluster);
    creating.start();
    Duration creation = grower.growTo(files, progress);
    CheckpointTally.Checkpoints whileCreating = creating.stop();
    for (int r = 0; r < BenchCluster.REPLICAS; r++) {
      cluster.awaitCaughtUp(r);
    }
    writes.run(WARM_UP);
    CheckpointWatch loaded = new CheckpointWatch(cluster);
    loaded.start();
    Latencies latencies = writes.run(options.load());
    CheckpointTally.Checkpoints load = loaded.stop();
    CheckpointsResults.Size size =
        new CheckpointsResults.Size(
            files, grower.directories(), created, creation, whileCreating, load, latencies);
    progress.accept(
        String.format(
            Locale.ROOT,
            "%d files (created %.0f/s): %d checkpoints, mean %s ms, max %s ms; WRITE median %.2f"
                + " ms, p99 %.2f ms (p99/median %.2f), %.1f calls/s",
            files,
            size.creationRate(),
            load.taken(),
            CheckpointsReport.millis(load.meanSeconds()),
            CheckpointsReport.millis(load.maxSeconds()),
            latencies.medianMillis(),
            latencies.p99Millis(),
            latencies.p99OverMedian(),
            latencies.perSecond()));
    return size;
  }
}
