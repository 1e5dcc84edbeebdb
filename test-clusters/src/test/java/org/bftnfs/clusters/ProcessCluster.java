package org.bftnfs.clusters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.config.ClusterConfig.Backend;
import org.bftnfs.replication.config.LoopbackPorts;
import org.bftnfs.replication.config.RecoveryConfig;
import org.bftnfs.replication.node.ClusterKeys;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.testkit.process.BftnfsProcess;

/**
 * A replicated service on this machine, one process per replica (paper §2.2: 3f+1 replicas, here f
 * = 1), built the way a user would: a key directory ({@link ClusterKeys}, what {@code bftnfs
 * keygen} writes), a cluster file ({@link ClusterConfig#write}), then {@code bin/bftnfs replica
 * --config F --id I} for each replica and {@code bin/bftnfs relay --config F --port 0}.
 *
 * <p>Everything lives in one directory: {@code cluster.properties}, {@code keys/}, {@code
 * replicas/replica-I/} (each replica's data: {@code export/}, {@code conformance-rep}), {@code
 * logs/} (each process's output) and {@code tmp/} (the processes' temporary files). The test
 * cluster uses a small leader timeout (a leader change takes about twice it), frequent checkpoints
 * (so state transfer moves a snapshot of real state), and a small abstract state (so offline
 * comparisons and snapshots are quick).
 *
 * <p>Faults: {@link #kill} (SIGKILL by PID, with the replica's nfs-ganesha), {@link #terminate}
 * (SIGTERM: a clean stop that saves the conformance rep), {@link #restart}, and {@code
 * BFTNFS_FAULT} values per replica at start (a Byzantine replica). {@link #close} kills whatever
 * still runs.
 */
final class ProcessCluster implements AutoCloseable {

  /** A heterogeneous cluster: nfs-ganesha on replicas 0 and 3, local directories on 1 and 2. */
  static final List<Backend> MIXED =
      List.of(Backend.GANESHA, Backend.LOCAL, Backend.LOCAL, Backend.GANESHA);

  /** Local directories behind all four replicas (no nfs-ganesha needed). */
  static final List<Backend> LOCAL_ONLY =
      List.of(Backend.LOCAL, Backend.LOCAL, Backend.LOCAL, Backend.LOCAL);

  static final Duration LEADER_TIMEOUT = Duration.ofMillis(1000);
  static final int CHECKPOINT_PERIOD = 50;
  static final int CAPACITY = 4096;

  /** Objects each replica re-reads from its backend per second (recovery.scrubPerSecond). */
  static final int SCRUB_PER_SECOND = 32;

  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** JVM options of the child processes: a small heap and one GC thread (CI machines are small). */
  private static final String JAVA_OPTS = "-XX:+UseSerialGC -Xmx512m";

  private final Path dir;
  private final Path configFile;
  private final ClusterConfig config;
  private final ChildProcess[] replicas;
  private final List<RelayProcess> relays = new ArrayList<>();
  private final Map<Integer, Map<String, String>> environments = new HashMap<>();

  /** Kills the cluster's processes if the test JVM is stopped before {@link #close}. */
  private final Thread killAtExit;

  private ProcessCluster(Path dir, Path configFile, ClusterConfig config) {
    this.dir = dir;
    this.configFile = configFile;
    this.config = config;
    this.replicas = new ChildProcess[config.n()];
    this.killAtExit =
        new Thread(
            () -> {
              RuntimeException failed = killAll();
              if (failed != null) {
                failed.printStackTrace();
              }
            },
            "kill-cluster-" + dir.getFileName());
    Runtime.getRuntime().addShutdownHook(killAtExit);
  }

  /**
   * Writes keys and the cluster file into {@code dir}, starts every replica (replica {@code i} with
   * {@code BFTNFS_FAULT=faults.get(i)} when present) and relay 0, and waits until the relay serves.
   *
   * @param backends one per replica: 3f+1 of them
   * @param relays how many relays the cluster's key set has (relay 0 is started)
   */
  static ProcessCluster start(
      Path dir, List<Backend> backends, int relays, Map<Integer, String> faults)
      throws IOException, InterruptedException {
    return start(dir, backends, relays, faults, Set.of(), List.of());
  }

  /**
   * As {@link #start(Path, List, int, Map)}, but replicas in {@code missing} are not started (start
   * them later with {@link #restart}), and relay 0 gets {@code relayOptions} on its command line.
   */
  static ProcessCluster start(
      Path dir,
      List<Backend> backends,
      int relays,
      Map<Integer, String> faults,
      Set<Integer> missing,
      List<String> relayOptions)
      throws IOException, InterruptedException {
    return start(dir, backends, relays, faults, missing, relayOptions, Map.of());
  }

  /**
   * As {@link #start(Path, List, int, Map, Set, List)}, with more environment variables for some
   * replicas' processes ({@code environments.get(i)} for replica i, e.g. a faked clock).
   */
  static ProcessCluster start(
      Path dir,
      List<Backend> backends,
      int relays,
      Map<Integer, String> faults,
      Set<Integer> missing,
      List<String> relayOptions,
      Map<Integer, Map<String, String>> environments)
      throws IOException, InterruptedException {
    return start(
        dir,
        backends,
        relays,
        faults,
        missing,
        relayOptions,
        environments,
        RecoveryConfig.scrubOnly(SCRUB_PER_SECOND));
  }

  /**
   * As {@link #start(Path, List, int, Map)}, with the replicas' scrub rate ({@code
   * recovery.scrubPerSecond}; 0: no scrubbing, for tests that show what the vote alone does).
   */
  static ProcessCluster start(
      Path dir, List<Backend> backends, int relays, Map<Integer, String> faults, int scrubPerSecond)
      throws IOException, InterruptedException {
    return start(dir, backends, relays, faults, RecoveryConfig.scrubOnly(scrubPerSecond));
  }

  /**
   * As {@link #start(Path, List, int, Map)}, with the replicas' scrubbing and proactive recovery
   * ({@code recovery.*}; the other starts turn proactive recovery off, so that no test but those of
   * recovery sees a replica restart on its own).
   */
  static ProcessCluster start(
      Path dir,
      List<Backend> backends,
      int relays,
      Map<Integer, String> faults,
      RecoveryConfig recovery)
      throws IOException, InterruptedException {
    return start(dir, backends, relays, faults, Set.of(), List.of(), Map.of(), recovery);
  }

  private static ProcessCluster start(
      Path dir,
      List<Backend> backends,
      int relays,
      Map<Integer, String> faults,
      Set<Integer> missing,
      List<String> relayOptions,
      Map<Integer, Map<String, String>> environments,
      RecoveryConfig recovery)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessCluster cluster = prepare(dir, backends, relays, recovery);
    cluster.environments.putAll(environments);
    long prepared = System.nanoTime();
    try {
      for (int i = 0; i < cluster.replicas.length; i++) {
        if (!missing.contains(i)) {
          cluster.launch(i, faults.get(i));
        }
      }
      List<Long> ready = new ArrayList<>();
      for (int i = 0; i < cluster.replicas.length; i++) {
        if (!missing.contains(i)) {
          cluster.replicas[i].awaitLine("replica " + i + " ready", START_TIMEOUT);
          ready.add((System.nanoTime() - prepared) / 1_000_000);
        }
      }
      long replicasReady = System.nanoTime();
      cluster.startRelay(cluster.configFile, 0, "relay-0", relayOptions);
      System.out.printf(
          "%s: %s; keys and cluster file in %d ms, replicas ready after %s ms, relay serving %d ms"
              + " later%n",
          dir.getFileName(),
          backends,
          (prepared - start) / 1_000_000,
          ready,
          (System.nanoTime() - replicasReady) / 1_000_000);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      try {
        cluster.close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static ProcessCluster prepare(
      Path dir, List<Backend> backends, int relays, RecoveryConfig recovery) throws IOException {
    Path keys = dir.resolve("keys");
    ClusterKeys.generate(keys, backends.size(), relays, new SecureRandom());
    List<ClusterConfig.Replica> list = new ArrayList<>();
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < backends.size(); i++) {
      list.add(
          new ClusterConfig.Replica(
              i,
              "127.0.0.1",
              LoopbackPorts.freeReplicaBase(taken),
              backends.get(i),
              dir.resolve("replicas").resolve("replica-" + i)));
    }
    int f = (backends.size() - 1) / 3;
    ClusterConfig written =
        new ClusterConfig(
            f,
            keys,
            list,
            relays,
            SpecConfig.defaults().withCapacity(CAPACITY),
            LEADER_TIMEOUT,
            CHECKPOINT_PERIOD,
            recovery);
    Path file = dir.resolve("cluster.properties");
    written.write(file);
    try {
      return new ProcessCluster(dir, file, ClusterConfig.load(file));
    } catch (ClusterConfig.Invalid e) {
      throw new IllegalStateException("the cluster file just written does not load", e);
    }
  }

  private void launch(int id, String fault) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_OPTS", JAVA_OPTS + " -Djava.io.tmpdir=" + temporaryFiles());
    if (fault != null) {
      env.put("BFTNFS_FAULT", fault);
    }
    env.putAll(environments.getOrDefault(id, Map.of()));
    replicas[id] =
        BftnfsProcess.start(
            "replica " + id,
            dir.resolve("logs").resolve("replica-" + id + ".log"),
            env,
            List.of("replica", "--config", configFile.toString(), "--id", String.valueOf(id)));
  }

  /**
   * The child processes' temporary directory (their nfs-ganesha instances' homes, which a replica
   * killed with SIGKILL cannot remove), inside the cluster's directory.
   */
  private Path temporaryFiles() throws IOException {
    return Files.createDirectories(dir.resolve("tmp"));
  }

  /**
   * Starts {@code bin/bftnfs relay --config file --id relayId --port 0} and waits for its ready
   * line. The cluster stops it at {@link #close}.
   */
  RelayProcess startRelay(Path file, int relayId, String name)
      throws IOException, InterruptedException {
    return startRelay(file, relayId, name, List.of());
  }

  /** As {@link #startRelay(Path, int, String)} with more options on its command line. */
  RelayProcess startRelay(Path file, int relayId, String name, List<String> options)
      throws IOException, InterruptedException {
    ChildProcess p = launchRelay(file, relayId, name, options);
    RelayProcess relay;
    try {
      relay = new RelayProcess(p, p.awaitLine("ready: ", START_TIMEOUT).substring(7));
    } catch (RuntimeException | InterruptedException e) {
      p.kill();
      throw e;
    }
    relays.add(relay);
    return relay;
  }

  /**
   * Starts {@code bin/bftnfs relay --config file --id relayId --port 0 options...} without waiting
   * for it; the caller owns (and stops) the process.
   */
  ChildProcess launchRelay(Path file, int relayId, String name, List<String> options)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "relay",
                "--config",
                file.toString(),
                "--id",
                String.valueOf(relayId),
                "--port",
                "0"));
    args.addAll(options);
    return BftnfsProcess.start(
        name,
        dir.resolve("logs").resolve(name + ".log"),
        Map.of("JAVA_OPTS", JAVA_OPTS + " -Djava.io.tmpdir=" + temporaryFiles()),
        args);
  }

  /** Launches a relay as {@link #launchRelay(Path, int, String, List)} with no more options. */
  ChildProcess launchRelay(Path file, int relayId, String name) throws IOException {
    return launchRelay(file, relayId, name, List.of());
  }

  /** What {@code bftnfs status} answered: its exit code and output. */
  record Status(int exitCode, String output) {}

  private int statusRuns;

  /**
   * Runs {@code bin/bftnfs status --config F} (at most 60 s; its log is kept with the others) and
   * returns its exit code and output.
   */
  Status status() throws IOException, InterruptedException {
    String name = "status-" + (++statusRuns);
    try (ChildProcess p =
        BftnfsProcess.start(
            name,
            dir.resolve("logs").resolve(name + ".log"),
            Map.of("JAVA_OPTS", JAVA_OPTS + " -Djava.io.tmpdir=" + temporaryFiles()),
            List.of("status", "--config", configFile.toString()))) {
      int code = p.awaitExit(Duration.ofSeconds(60));
      return new Status(code, p.output());
    }
  }

  private static final java.util.regex.Pattern LAST_EXECUTED =
      java.util.regex.Pattern.compile(
          "replica (\\d+) \\S+ \\([a-z]+\\): answers, started, last executed consensus"
              + " (-?\\d+)");

  /**
   * Waits (asking {@code status} again and again) until every replica answers and reports the same
   * last executed consensus instance: with no client calling, every replica has then executed every
   * ordered request, and their states can be compared after a clean stop.
   *
   * @return the output of the {@code status} that showed it
   * @throws AssertionError if that does not happen within {@code timeout}
   */
  String awaitSameLastExecuted(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      last = status().output();
      java.util.regex.Matcher m = LAST_EXECUTED.matcher(last);
      Map<Integer, Long> executed = new java.util.TreeMap<>();
      while (m.find()) {
        executed.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
      }
      if (executed.size() == config.n() && new HashSet<>(executed.values()).size() == 1) {
        return last;
      }
    }
    throw new AssertionError(
        "the replicas did not report the same last executed consensus within "
            + timeout
            + ":\n"
            + last);
  }

  /** Relay 0, started with the cluster. */
  RelayProcess relay() {
    return relays.get(0);
  }

  ClusterConfig config() {
    return config;
  }

  Path configFile() {
    return configFile;
  }

  Path dir() {
    return dir;
  }

  /** Replica {@code id}'s process (the current one after a restart). */
  ChildProcess replica(int id) {
    return replicas[id];
  }

  /** Replica {@code id}'s data directory. */
  Path data(int id) {
    return config.replicas().get(id).data();
  }

  /** SIGKILL to replica {@code id} and to the nfs-ganesha it runs: a crash. */
  void kill(int id) throws InterruptedException {
    replicas[id].kill();
  }

  /**
   * SIGTERM to replica {@code id}: a clean stop (it saves its conformance rep); returns its exit
   * code.
   */
  int terminate(int id) throws InterruptedException {
    return replicas[id].terminate(STOP_TIMEOUT);
  }

  /**
   * Starts replica {@code id} again (after a kill or a clean stop), with {@code BFTNFS_FAULT=fault}
   * unless null, and waits for its ready line: it then takes part in ordering and catches up by
   * state transfer.
   */
  void restart(int id, String fault) throws IOException, InterruptedException {
    if (replicas[id] != null && replicas[id].isAlive()) {
      throw new IllegalStateException("replica " + id + " still runs");
    }
    launch(id, fault);
    replicas[id].awaitLine("replica " + id + " ready", START_TIMEOUT);
  }

  /**
   * {@link #stopCleanly} once every replica reports the same last executed consensus ({@link
   * #awaitSameLastExecuted}): the relay needs only f+1 replies, so a slower replica may still be
   * executing the last calls when the client is done, and a stop would leave it behind. What a
   * comparison of every replica's state after the stop needs.
   */
  List<String> stopCleanlyWhenCaughtUp(Duration timeout) throws IOException, InterruptedException {
    awaitSameLastExecuted(timeout);
    return stopCleanly();
  }

  /**
   * A clean stop of the whole service: SIGTERM to every relay, then to every replica that runs
   * (each saves its conformance rep); each must exit with code 0.
   *
   * @return the output of any process that did not exit with 0 (empty when all did)
   */
  List<String> stopCleanly() throws InterruptedException {
    List<String> failed = new ArrayList<>();
    for (RelayProcess r : relays) {
      if (r.process().isAlive() && r.process().terminate(STOP_TIMEOUT) != 0) {
        failed.add(r.process().tail());
      }
    }
    List<ChildProcess> running = new ArrayList<>();
    for (ChildProcess p : replicas) {
      if (p != null && p.isAlive()) {
        p.sigterm();
        running.add(p);
      }
    }
    for (ChildProcess p : running) {
      if (p.awaitExit(STOP_TIMEOUT) != 0) {
        failed.add(p.tail());
      }
    }
    return failed;
  }

  /**
   * Kills every process of the cluster that still runs (each by PID, with what it started), then
   * keeps the processes' logs in {@code target/cluster-logs/<name of the cluster directory>}.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs (or ran) killAll itself
    }
    RuntimeException failed = killAll();
    try {
      keepLogs();
    } catch (IOException e) {
      RuntimeException copy = new IllegalStateException("cannot keep the logs of " + dir, e);
      if (failed == null) {
        failed = copy;
      } else {
        failed.addSuppressed(copy);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Kills every process that still runs; returns the first failure (others suppressed in it). */
  private synchronized RuntimeException killAll() {
    RuntimeException failed = null;
    List<ChildProcess> all = new ArrayList<>();
    relays.forEach(r -> all.add(r.process()));
    for (ChildProcess p : replicas) {
      if (p != null) {
        all.add(p);
      }
    }
    for (ChildProcess p : all) {
      try {
        p.close();
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    return failed;
  }

  private void keepLogs() throws IOException {
    Path logs = dir.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return;
    }
    Path target = Path.of("target", "cluster-logs", dir.getFileName().toString());
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.toList()) {
        Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * Closes a test's client, then its cluster, each when not null: the cluster is closed even when
   * closing the client fails.
   */
  static void closeBoth(AutoCloseable client, ProcessCluster cluster) throws Exception {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  /** Every log's last lines, for failure messages. */
  String tails() {
    StringBuilder s = new StringBuilder();
    for (ChildProcess p : replicas) {
      if (p != null) {
        s.append(p.tail()).append('\n');
      }
    }
    relays.forEach(r -> s.append(r.process().tail()).append('\n'));
    return s.toString();
  }
}
