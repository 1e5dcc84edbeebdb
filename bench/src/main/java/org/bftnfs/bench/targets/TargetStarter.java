package org.bftnfs.bench.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.bftnfs.bench.BenchException;

/**
 * Starts the targets: each in its own directory under the work directory, its logs in {@code
 * work/logs}. A start that fails is tried once more in a fresh directory (concurrent nfs-ganesha
 * starts sometimes fail to register with rpcbind).
 */
public final class TargetStarter {

  /** How long a target may take until it is ready. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  /** The bound of one NFS call from the benchmark client. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

  /** The replica {@link TargetKind#DEGRADED} loses: a follower (replica 0 leads at start). */
  public static final int KILLED_REPLICA = 3;

  private static final int ATTEMPTS = 2;

  private final Path work;
  private final Launcher launcher;
  private final Consumer<String> progress;

  /**
   * @param work where the targets keep their data
   * @param launcher how to run {@code bftnfs} subcommands
   * @param progress where to report what happens
   */
  public TargetStarter(Path work, Launcher launcher, Consumer<String> progress) {
    this.work = work;
    this.launcher = launcher;
    this.progress = progress;
  }

  /** Starts a target of {@code kind} and waits until it serves. */
  public Target start(TargetKind kind) throws BenchException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Path dir = work.resolve(kind.label() + (attempt == 1 ? "" : "-" + attempt));
      try {
        return startOnce(kind, dir);
      } catch (BenchException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        progress.accept(kind.label() + ": start failed (" + e.getMessage() + "); once more");
      }
    }
  }

  private Target startOnce(TargetKind kind, Path dir) throws BenchException, InterruptedException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BenchException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Path logs = work.resolve("logs");
    String data = dir.toString();
    switch (kind) {
      case DIRECT:
        return DirectTarget.start(dir, CALL_TIMEOUT);
      case RELAY_ONLY:
        return launch(kind, logs, "serve", "--backend", "ganesha", "--port", "0", "--data", data);
      case REPLICATED:
        return launch(kind, logs, "local-cluster", "--port", "0", "--data", data, "--ganesha", "4");
      case HETERO:
        return launch(kind, logs, "local-cluster", "--port", "0", "--data", data, "--ganesha", "2");
      case DEGRADED:
        LaunchedTarget t =
            launch(kind, logs, "local-cluster", "--port", "0", "--data", data, "--ganesha", "4");
        try {
          t.killReplica(KILLED_REPLICA);
        } catch (BenchException | InterruptedException | RuntimeException e) {
          t.close();
          throw e;
        }
        progress.accept(
            "degraded: killed replica "
                + KILLED_REPLICA
                + " and its nfs-ganesha (pids "
                + t.killed()
                + ")");
        return t;
      default:
        throw new IllegalArgumentException("unknown target " + kind);
    }
  }

  private LaunchedTarget launch(TargetKind kind, Path logs, String... args)
      throws BenchException, InterruptedException {
    return LaunchedTarget.start(kind, launcher.command(args), logs, READY_TIMEOUT, CALL_TIMEOUT);
  }
}
