package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.bench.targets.JvmHeap;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.process.Launch;
import org.bftnfs.process.NoSuchLineException;
import org.bftnfs.relay.RelayConfig;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.config.LoopbackPorts;
import org.bftnfs.replication.node.ClusterKeys;
import org.bftnfs.spec.SpecConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bftnfs local-cluster --port P --data DIR}: the main job. A replicated NFS service on this
 * machine: 4 replicas (f = 1), each its own process with its own data directory and backend, and a
 * relay serving the export on 127.0.0.1:P. The first run writes {@code DIR/cluster.properties} and
 * the keys; later runs reuse them, so the file system survives a restart of the whole cluster.
 * Ctrl-C/SIGTERM stops the relay and every replica process it started.
 *
 * <p>Backends: local directories by default (nothing needed beyond the JDK); {@code --ganesha K}
 * puts nfs-ganesha on the first K replicas (a heterogeneous cluster).
 */
@Command(
    name = "local-cluster",
    description =
        "The replicated service on this machine: 4 replica processes and a relay, until stopped.",
    footer = "Each replica process runs with -Xmx512m (environment: BFTNFS_REPLICA_HEAP=SIZE).")
final class LocalClusterCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "NFS (and MOUNT) port on 127.0.0.1, 0 picks a free one (required)")
  String port;

  @Option(names = "--mount-port", paramLabel = "M", description = "a separate MOUNT port")
  String mountPort;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "the cluster's directory: config, keys, replicas' data, logs (required)")
  String data;

  @Option(
      names = "--ganesha",
      paramLabel = "K",
      description = "run nfs-ganesha on the first K of the 4 replicas (default 0)")
  String ganesha;

  @Option(names = "--export", paramLabel = "PATH", description = "export path (default /bftnfs)")
  String export;

  static final int REPLICAS = 4;
  static final Duration REPLICA_START = Duration.ofSeconds(90);
  static final Duration REPLICA_STOP = Duration.ofSeconds(20);

  private final PrintStream out;
  private final StopSignal stop;

  /**
   * @param out where the notes and the ready line go
   * @param stop what the cluster runs until
   */
  LocalClusterCommand(PrintStream out, StopSignal stop) {
    this.out = out;
    this.stop = stop;
  }

  /** Runs the cluster until stopped; returns the exit code (0). */
  @Override
  public Integer call() throws UsageException, CommandFailedException, InterruptedException {
    int port = OptionValues.integer("--port", this.port, -1, 0, 65535);
    if (port < 0) {
      throw new UsageException("local-cluster needs --port");
    }
    Path dir = OptionValues.path("local-cluster", "--data", data).toAbsolutePath();
    int ganesha = OptionValues.integer("--ganesha", this.ganesha, 0, 0, REPLICAS);
    if (ganesha > 0 && !GaneshaServer.available()) {
      throw new UsageException(
          "--ganesha needs nfs-ganesha (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind): "
              + GaneshaServer.unavailableReason().orElse(""));
    }
    JvmHeap heap;
    try {
      heap = JvmHeap.fromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path configFile = dir.resolve("cluster.properties");
    ClusterConfig config = prepare(dir, configFile, ganesha);
    RelayConfig relayConfig =
        RelayStartup.config(
            "127.0.0.1",
            port,
            OptionValues.integer("--mount-port", mountPort, RelayConfig.SHARED_PORT, 0, 65535),
            export == null ? "/bftnfs" : export,
            false,
            config.spec());
    List<ChildProcess> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < config.n(); i++) {
        replicas.add(launch(heap, configFile, i, log(dir, i)));
      }
      for (int i = 0; i < config.n(); i++) {
        awaitReady(replicas.get(i), i, log(dir, i));
      }
      out.println(
          "note: "
              + config.n()
              + " replica processes (pids "
              + replicas.stream().map(p -> String.valueOf(p.pid())).toList()
              + "); data, keys and logs in "
              + dir);
      RelayCommand.serve(config, 0, relayConfig, out, stop);
    } finally {
      stopAll(replicas);
    }
    return 0;
  }

  /** The cluster file and keys: existing ones, or new ones on free loopback ports. */
  private static ClusterConfig prepare(Path dir, Path configFile, int ganesha)
      throws UsageException, CommandFailedException {
    try {
      Files.createDirectories(dir.resolve("logs"));
      if (Files.exists(configFile)) {
        ClusterConfig existing = ReplicaCommand.load(configFile);
        // key directories written before the engine's Diffie-Hellman values were: add them
        ClusterKeys.completeEngineKeys(existing.keys(), existing.n());
        return existing;
      }
      List<ClusterConfig.Replica> replicas = new ArrayList<>();
      Set<Integer> taken = new HashSet<>();
      for (int i = 0; i < REPLICAS; i++) {
        replicas.add(
            new ClusterConfig.Replica(
                i,
                "127.0.0.1",
                LoopbackPorts.freeReplicaBase(taken),
                i < ganesha ? ClusterConfig.Backend.GANESHA : ClusterConfig.Backend.LOCAL,
                dir.resolve("replicas").resolve("replica-" + i)));
      }
      ClusterConfig config =
          new ClusterConfig(
              1,
              dir.resolve("keys"),
              replicas,
              1,
              SpecConfig.defaults(),
              Duration.ofSeconds(2),
              1000);
      ClusterKeys.generate(config.keys(), REPLICAS, 1, new SecureRandom());
      config.write(configFile);
      return ReplicaCommand.load(configFile);
    } catch (IOException e) {
      throw new CommandFailedException("cannot prepare " + dir + ": " + e.getMessage());
    }
  }

  private static Path log(Path dir, int id) {
    return dir.resolve("logs").resolve("replica-" + id + ".log");
  }

  /** Starts replica {@code id} with the one launcher, its output appended to {@code log}. */
  private static ChildProcess launch(JvmHeap heap, Path configFile, int id, Path log)
      throws CommandFailedException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        replicaCommand(java, System.getProperty("java.class.path"), heap, configFile, id);
    try {
      return Launch.of("replica " + id, command).output(log).appending().start();
    } catch (IOException e) {
      throw new CommandFailedException("cannot start replica " + id + ": " + e.getMessage());
    }
  }

  /**
   * The command line of replica {@code id}: this JVM's {@code java} and class path, the replica
   * heap limit of {@code heap} ({@link JvmHeap}), {@code bftnfs replica --config F --id ID}.
   */
  static List<String> replicaCommand(
      String java, String classPath, JvmHeap heap, Path configFile, int id) {
    return List.of(
        java,
        heap.option("replica"),
        "-cp",
        classPath,
        Main.class.getName(),
        "replica",
        "--config",
        configFile.toString(),
        "--id",
        String.valueOf(id));
  }

  /** Waits for the "replica ID ready" line in what the replica wrote to its log in this run. */
  private static void awaitReady(ChildProcess p, int id, Path log)
      throws CommandFailedException, InterruptedException {
    try {
      p.awaitLine("replica " + id + " ready", REPLICA_START);
    } catch (NoSuchLineException e) {
      if (e.exited()) {
        throw new CommandFailedException(
            "replica " + id + " exited with status " + p.exitValue() + ": " + lastLine(p));
      }
      throw new CommandFailedException(
          "replica "
              + id
              + " not ready after "
              + REPLICA_START.toSeconds()
              + " s (see "
              + log
              + ")");
    }
  }

  private static String lastLine(ChildProcess p) {
    List<String> lines = p.output().strip().lines().toList();
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
  }

  /**
   * SIGTERM to every replica (each saves its rep), then SIGKILL to any still running (by PID, with
   * what it started).
   */
  private static void stopAll(List<ChildProcess> replicas) throws InterruptedException {
    for (ChildProcess p : replicas) {
      p.sigterm();
    }
    long deadline = System.nanoTime() + REPLICA_STOP.toNanos();
    for (ChildProcess p : replicas) {
      long left = deadline - System.nanoTime();
      if (!p.exitedWithin(Duration.ofNanos(Math.max(0, left)))) {
        p.kill();
      }
    }
  }
}
