package org.bftnfs.bench.recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.cluster.BenchCluster;
import org.bftnfs.bench.cluster.ClusterRuns;
import org.bftnfs.bench.cluster.Jukebox;
import org.bftnfs.bench.results.MachineInfo;
import org.bftnfs.bench.targets.JvmHeap;
import org.bftnfs.bench.targets.Launcher;
import org.bftnfs.bench.targets.TargetStarter;

/**
 * One run of {@code bftnfs bench recovery}: starts a cluster, fills its file system through the
 * service, then, always on the same replica:
 *
 * <ol>
 *   <li>stops it, rewrites a fraction of the files through the service, starts it again: what the
 *       state transfer fetched;
 *   <li>with a client writing all the time: its throughput before, and from the stop until the
 *       restarted replica installed its checkpoint;
 *   <li>for each corrupt fraction: stops it cleanly, corrupts that fraction of the files in its
 *       export, starts it again and waits until it installed the checkpoint its peers vouch for. A
 *       recovery whose process exits before that (e.g. out of memory) is reported as failed, and
 *       the fractions after it are not run (the replica is down).
 * </ol>
 *
 * Before each stop the tick file is written a checkpoint period and a few more times, so that the
 * group's latest checkpoint covers every change but those few writes (the state a recovering
 * replica installs is the latest checkpoint; requests ordered after it are replayed, not fetched).
 */
final class RecoveryRun {

  /** Tick writes beyond a checkpoint period before each stop. */
  static final int EXTRA_TICKS = 20;

  private final RecoveryOptions options;
  private final Consumer<String> progress;
  private final Launcher launcher;
  private final Jukebox jukebox = new Jukebox();

  RecoveryRun(RecoveryOptions options, Consumer<String> progress, Launcher launcher) {
    this.options = options;
    this.progress = progress;
    this.launcher = launcher;
  }

  RecoveryResults run() throws BenchException, InterruptedException {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    Path work = ClusterRuns.workDirectory(options.work(), "bftnfs-bench-recovery-");
    MachineInfo machine;
    try {
      machine = MachineInfo.current(work);
    } catch (IOException e) {
      throw new BenchException("cannot read the machine's facts: " + e.getMessage(), e);
    }
    String loadBefore = ClusterRuns.loadAverage();
    int r = options.replica();
    boolean done = false;
    progress.accept("starting a cluster of 4 replicas (local directories) in " + work);
    try (BenchCluster cluster =
        BenchCluster.start(
            work.resolve("cluster"),
            launcher,
            restarts(),
            options.checkpointPeriod(),
            TargetStarter.CALL_TIMEOUT)) {
      Backend client = cluster.mount();
      try {
        FileSet files = new FileSet(client, options.files(), options.fileBytes(), jukebox);
        progress.accept(
            "filling "
                + options.sizeMib()
                + " MiB: "
                + options.files()
                + " files of "
                + options.fileBytes()
                + " bytes");
        long f0 = System.nanoTime();
        long filled = files.fill(progress);
        Duration fill = Duration.ofNanos(System.nanoTime() - f0);
        progress.accept(
            String.format(
                "filled in %.1f s (%.1f MiB/s)",
                fill.toNanos() / 1e9, (filled >> 20) / (fill.toNanos() / 1e9)));
        RecoveryResults.Transfer transfer = fallBehind(cluster, files, r);
        RecoveryResults.Throughput throughput = underLoad(cluster, files, r);
        List<RecoveryResults.Recovery> recoveries = new ArrayList<>();
        for (double percent : options.corrupt()) {
          RecoveryResults.Recovery rec = recover(cluster, files, r, percent);
          recoveries.add(rec);
          if (rec.failure().isPresent()) {
            progress.accept("replica " + r + " is down: the recoveries left are not run");
            break;
          }
        }
        done = true;
        return new RecoveryResults(
            options,
            machine,
            started.toString(),
            loadBefore,
            ClusterRuns.loadAverage(),
            filled,
            fill,
            List.copyOf(recoveries),
            transfer,
            throughput,
            replicaHeap(),
            ClusterRuns.environment(),
            jukebox.retries(),
            Duration.ofNanos(System.nanoTime() - t0));
      } catch (BackendException | IllegalStateException e) {
        throw new BenchException("a client call failed: " + e.getMessage(), e);
      } finally {
        client.close();
        progress.accept("stopping the cluster");
      }
    } finally {
      if (!done) {
        progress.accept("failed; the cluster's data and logs stay in " + work);
      } else if (options.work().isEmpty()) {
        ClusterRuns.deleteTree(work);
      }
    }
  }

  private RecoveryResults.Recovery recover(
      BenchCluster cluster, FileSet files, int r, double percent)
      throws BenchException, InterruptedException {
    files.tick(options.checkpointPeriod() + EXTRA_TICKS);
    cluster.awaitCaughtUp(r);
    Duration stop = cluster.stop(r);
    List<Integer> chosen =
        Corruption.choose(files.files(), Corruption.count(files.files(), percent));
    for (int i : chosen) {
      Path file = cluster.exportRoot(r).resolve(FileSet.name(i));
      if (!Files.isRegularFile(file)) {
        throw new BenchException("replica " + r + "'s export has no file " + file);
      }
      try {
        Corruption.corrupt(file);
      } catch (IOException e) {
        throw new BenchException("cannot corrupt " + file + ": " + e.getMessage(), e);
      }
    }
    BenchCluster.Restart restart;
    try {
      restart = cluster.restart(r);
    } catch (BenchCluster.Exited e) {
      progress.accept(
          String.format(
              "recovery, %s%% corrupt (%d files): FAILED, replica %d %s",
              RecoveryReport.percent(percent), chosen.size(), r, e.reason()));
      return RecoveryResults.Recovery.failed(percent, chosen.size(), stop, e.reason());
    }
    RecoveryResults.Recovery rec =
        RecoveryResults.Recovery.done(percent, chosen.size(), stop, restart);
    progress.accept(
        String.format(
            "recovery, %s%% corrupt (%d files): stop %.2f s, start to installed %.2f s; %s",
            RecoveryReport.percent(percent),
            chosen.size(),
            stop.toNanos() / 1e9,
            restart.installedAfter().toNanos() / 1e9,
            restart.installed()));
    return rec;
  }

  private RecoveryResults.Transfer fallBehind(BenchCluster cluster, FileSet files, int r)
      throws BenchException, InterruptedException {
    files.tick(options.checkpointPeriod() + EXTRA_TICKS);
    cluster.awaitCaughtUp(r);
    Duration stop = cluster.stop(r);
    List<Integer> chosen =
        Corruption.choose(files.files(), Corruption.count(files.files(), options.changed()));
    long rewritten = files.rewrite(chosen);
    files.tick(options.checkpointPeriod() + EXTRA_TICKS);
    BenchCluster.Restart restart = restart(cluster, r);
    RecoveryResults.Transfer t =
        new RecoveryResults.Transfer(
            chosen.size(), chosen.size() + 1, rewritten + FileSet.TICK_BYTES, stop, restart);
    progress.accept(
        String.format(
            "behind by %d changed files: start to installed %.2f s; %s",
            chosen.size(), restart.installedAfter().toNanos() / 1e9, restart.installed()));
    return t;
  }

  private RecoveryResults.Throughput underLoad(BenchCluster cluster, FileSet files, int r)
      throws BenchException, InterruptedException {
    files.tick(options.checkpointPeriod() + EXTRA_TICKS);
    Backend second = cluster.mount();
    try (Load load = new Load(second, "load", jukebox)) {
      load.runFor(Duration.ofSeconds(2)); // its first calls: connection and JIT warm-up
      long c0 = load.done();
      long t0 = System.nanoTime();
      load.runFor(options.load());
      long c1 = load.done();
      long t1 = System.nanoTime();
      cluster.stop(r);
      BenchCluster.Restart restart = restart(cluster, r);
      long c2 = load.done();
      long t2 = System.nanoTime();
      load.check();
      RecoveryResults.Throughput t =
          new RecoveryResults.Throughput(
              c1 - c0, Duration.ofNanos(t1 - t0), c2 - c1, Duration.ofNanos(t2 - t1), restart);
      progress.accept(
          String.format(
              "throughput: %.1f calls/s before, %.1f during the recovery (%.2f s): ratio %.2f",
              t.beforePerSecond(), t.duringPerSecond(), (t2 - t1) / 1e9, t.ratio()));
      return t;
    } finally {
      second.close();
    }
  }

  /** How the recovered replica is started again: with {@code --recovering-heap} when given. */
  private Launcher restarts() {
    if (options.recoveringHeap().isEmpty()) {
      return launcher;
    }
    String size = options.recoveringHeap().get();
    Map<String, String> sizes = new HashMap<>();
    for (String v :
        List.of(JvmHeap.REPLICA_VARIABLE, JvmHeap.RELAY_VARIABLE, JvmHeap.SERVE_VARIABLE)) {
      sizes.put(v, System.getenv(v));
    }
    sizes.put(JvmHeap.REPLICA_VARIABLE, size);
    return new Launcher(
        launcher.java(), launcher.classPath(), launcher.mainClass(), JvmHeap.from(sizes::get));
  }

  private String replicaHeap() {
    String all = launcher.heap().forSubcommand("replica");
    return options
        .recoveringHeap()
        .map(h -> all + " (the replica started again: " + h + ")")
        .orElse(all);
  }

  private static BenchCluster.Restart restart(BenchCluster cluster, int r)
      throws BenchException, InterruptedException {
    try {
      return cluster.restart(r);
    } catch (BenchCluster.Exited e) {
      throw new BenchException(e.getMessage(), e);
    }
  }
}
