package org.bftnfs.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.nfs.NfsBackend;
import org.bftnfs.backend.nfs.NfsEndpoint;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.targets.Launcher;
import org.bftnfs.bench.targets.ReadyLine;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.process.Launch;
import org.bftnfs.process.NoSuchLineException;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.config.LoopbackPorts;
import org.bftnfs.replication.config.RecoveryConfig;
import org.bftnfs.replication.node.ClusterKeys;
import org.bftnfs.spec.SpecConfig;

/**
 * The cluster the recovery and checkpoint benches measure, built as a user would: keys and a
 * cluster file in {@code dir}, four {@code bftnfs replica} processes over local-directory backends
 * and one {@code bftnfs relay}. Proactive recovery and scrubbing are off in its cluster file: the
 * bench itself recovers a replica, by a clean stop (SIGTERM: the engine stops, the conformance rep
 * is saved, the backend stops) and a start of a new process from what is on disk, which does the
 * work of a proactive recovery. Each process writes to its own log in {@code dir/logs} (a restarted
 * replica to a new one). Every wait is bounded; every process is stopped by its PID.
 */
public final class BenchCluster implements AutoCloseable {

  /** Replica processes (f = 1). */
  public static final int REPLICAS = 4;

  static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  static final Duration LEADER_TIMEOUT = Duration.ofSeconds(2);

  /** The longest a replica may take to execute what its peers executed ({@link #awaitCaughtUp}). */
  static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);

  /** The metric that gives a replica's last executed consensus instance. */
  static final String LAST_EXECUTED = "bftnfs_last_executed_consensus";

  /** The bound of one read of a replica's metrics. */
  private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(5);

  /** How often a wait for a log line looks again. */
  private static final Duration POLL = Duration.ofMillis(50);

  private final Path dir;
  private final Path configFile;
  private final ClusterConfig config;
  private final Launcher launcher;
  private final Launcher restarts;
  private final ChildProcess[] replicas = new ChildProcess[REPLICAS];
  private final int[] starts = new int[REPLICAS];
  private ChildProcess relay;
  private NfsEndpoint endpoint;

  private BenchCluster(
      Path dir, Path configFile, ClusterConfig config, Launcher launcher, Launcher restarts) {
    this.dir = dir;
    this.configFile = configFile;
    this.config = config;
    this.launcher = launcher;
    this.restarts = restarts;
  }

  /**
   * Writes keys and the cluster file into {@code dir} (which must not hold a cluster yet), starts
   * the four replicas and the relay, and waits until the relay serves.
   *
   * @param launcher how the replicas and the relay are started
   * @param restarts how a replica is started again ({@link #restart})
   * @param checkpointPeriod {@code ordering.checkpointPeriod}
   * @param callTimeout the bound of one NFS call of the bench's clients
   */
  public static BenchCluster start(
      Path dir, Launcher launcher, Launcher restarts, int checkpointPeriod, Duration callTimeout)
      throws BenchException, InterruptedException {
    BenchCluster cluster;
    try {
      Files.createDirectories(dir.resolve("logs"));
      Path keys = dir.resolve("keys");
      ClusterKeys.generate(keys, REPLICAS, 1, new SecureRandom());
      List<ClusterConfig.Replica> list = new ArrayList<>();
      Set<Integer> taken = new HashSet<>();
      for (int i = 0; i < REPLICAS; i++) {
        list.add(
            new ClusterConfig.Replica(
                i,
                "127.0.0.1",
                LoopbackPorts.freeReplicaBase(taken),
                ClusterConfig.Backend.LOCAL,
                dir.resolve("replicas").resolve("replica-" + i)));
      }
      ClusterConfig written =
          new ClusterConfig(
              1,
              keys,
              list,
              1,
              SpecConfig.defaults(),
              LEADER_TIMEOUT,
              checkpointPeriod,
              RecoveryConfig.scrubOnly(0));
      Path file = dir.resolve("cluster.properties");
      written.write(file);
      cluster = new BenchCluster(dir, file, ClusterConfig.load(file), launcher, restarts);
    } catch (IOException | ClusterConfig.Invalid e) {
      throw new BenchException("cannot prepare the cluster in " + dir + ": " + e.getMessage(), e);
    }
    try {
      for (int i = 0; i < REPLICAS; i++) {
        cluster.launch(i, launcher);
      }
      for (int i = 0; i < REPLICAS; i++) {
        cluster.awaitReady(i);
      }
      cluster.startRelay(callTimeout);
      return cluster;
    } catch (BenchException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * A new client connection to the service (the project's NFSv3 client, FILE_SYNC writes), for one
   * thread; the caller closes it.
   */
  public Backend mount() throws BenchException {
    try {
      return NfsBackend.open(endpoint);
    } catch (BackendException e) {
      throw new BenchException("cannot mount the cluster: " + e.getMessage(), e);
    }
  }

  /** Where clients mount the service. */
  public NfsEndpoint endpoint() {
    return endpoint;
  }

  /** The root directory of replica {@code id}'s local backend export. */
  public Path exportRoot(int id) {
    return config.replicas().get(id).data().resolve("export").resolve("root");
  }

  /** The cluster file. */
  public Path configFile() {
    return configFile;
  }

  /**
   * Stops replica {@code id} cleanly (SIGTERM) and waits for it to exit.
   *
   * @return how long it took to exit
   */
  public Duration stop(int id) throws BenchException, InterruptedException {
    long t0 = System.nanoTime();
    replicas[id].sigterm();
    if (!replicas[id].exitedWithin(STOP_TIMEOUT)) {
      throw new BenchException(
          "replica " + id + " did not exit within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    if (replicas[id].exitValue() != 0) {
      throw new BenchException(
          "replica " + id + " exited with status " + replicas[id].exitValue() + " on SIGTERM");
    }
    return took;
  }

  /**
   * Waits until replica {@code id} has executed every consensus instance the other replicas
   * executed, read from each replica's metrics ({@value #LAST_EXECUTED}): with no client calling, a
   * replica that missed the latest requests (it is still catching up after a restart) would
   * otherwise be stopped behind its peers, and its next recovery would fetch what it did not
   * execute as if it were corrupt.
   *
   * @return how long it waited
   * @throws BenchException when it is still behind after {@link #CATCH_UP_TIMEOUT}, naming how far
   */
  public Duration awaitCaughtUp(int id) throws BenchException, InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + CATCH_UP_TIMEOUT.toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String seen = "";
    while (true) {
      long own = lastExecuted(http, id);
      long peers = -1;
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < REPLICAS; i++) {
        long e = i == id ? own : lastExecuted(http, i);
        all.append(i == 0 ? "" : ", ").append(i).append(": ").append(e);
        if (i != id) {
          peers = Math.max(peers, e);
        }
      }
      seen = all.toString();
      if (own >= peers && own >= 0) {
        return Duration.ofNanos(System.nanoTime() - t0);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new BenchException(
            "replica "
                + id
                + " did not execute what its peers executed within "
                + CATCH_UP_TIMEOUT.toSeconds()
                + " s (last executed consensus instance by replica: "
                + seen
                + ")");
      }
      if (replicas[id].exitedWithin(POLL)) {
        throw new BenchException(
            "replica " + id + " exited while it caught up: " + replicas[id].tail());
      }
    }
  }

  /** Replica {@code id}'s last executed consensus instance by its metrics; -1 if unreadable. */
  private long lastExecuted(HttpClient http, int id) throws InterruptedException {
    return metrics(http, id).map(BenchCluster::lastExecuted).orElse(-1L);
  }

  /**
   * Replica {@code id}'s metrics page (Prometheus text format), read within 5 s; empty when it
   * cannot be read (the replica is down or starting).
   */
  public Optional<String> metrics(HttpClient http, int id) throws InterruptedException {
    ClusterConfig.Replica r = config.replicas().get(id);
    URI uri = URI.create("http://" + r.host() + ":" + r.metricsPort() + "/metrics");
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(METRICS_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The value of {@value #LAST_EXECUTED} in a Prometheus text exposition; -1 if absent. */
  static long lastExecuted(String metrics) {
    return value(metrics, LAST_EXECUTED).map(Double::longValue).orElse(-1L);
  }

  /**
   * The value of the first sample of metric {@code name} (with or without labels) in a Prometheus
   * text exposition; empty when there is none or its value is not a number.
   */
  public static Optional<Double> value(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        String value = line.substring(line.lastIndexOf(' ') + 1).strip();
        try {
          return Optional.of(Double.parseDouble(value));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts replica {@code id} again from what is on disk and waits until it installed the
   * checkpoint its peers vouch for.
   *
   * @return what it installed and how long each step took from the start of the new process
   * @throws Exited when the new process exits before that
   */
  public Restart restart(int id) throws BenchException, Exited, InterruptedException {
    long t0 = System.nanoTime();
    launch(id, restarts);
    ChildProcess p = replicas[id];
    long deadline = t0 + START_TIMEOUT.toNanos();
    Duration ready = null;
    while (true) {
      boolean exited = !p.isAlive();
      List<String> lines = p.lines();
      if (ready == null && lines.stream().anyMatch(l -> l.startsWith("replica " + id + " ready"))) {
        ready = Duration.ofNanos(System.nanoTime() - t0);
      }
      Optional<InstalledCheckpoint> installed = InstalledCheckpoint.first(lines, id);
      if (installed.isPresent()) {
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Restart(installed.get(), took, Optional.ofNullable(ready));
      }
      if (exited) {
        throw new Exited(id, p.exitValue(), lines, p.tail());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new BenchException(
            "replica "
                + id
                + " installed no checkpoint within "
                + START_TIMEOUT.toSeconds()
                + " s of its start: "
                + p.tail());
      }
      p.exitedWithin(POLL);
    }
  }

  /**
   * A replica's restart.
   *
   * @param installed the checkpoint it installed from its peers
   * @param installedAfter from the start of its process to the log line saying so
   * @param readyAfter from the start of its process to its ready line, if seen by then
   */
  public record Restart(
      InstalledCheckpoint installed, Duration installedAfter, Optional<Duration> readyAfter) {}

  /** A restarted replica exited before it installed a checkpoint. */
  public static final class Exited extends Exception {

    private final String reason;

    Exited(int id, int status, List<String> lines, String tail) {
      super("replica " + id + " exited (" + status + ") while it recovered: " + tail);
      this.reason = reason(status, lines);
    }

    /** Its first error line (an exception or an error), with its exit status. */
    public String reason() {
      return reason;
    }

    static String reason(int status, List<String> lines) {
      for (String l : lines) {
        String t = l.strip();
        if (t.contains("Error: ")
            || t.contains("Exception: ")
            || t.startsWith("error: ")
            || t.contains(" ERROR ")) {
          return "exited with status " + status + ": " + t;
        }
      }
      return "exited with status " + status;
    }
  }

  private void launch(int id, Launcher with) throws BenchException {
    int run = ++starts[id];
    Path log =
        dir.resolve("logs").resolve("replica-" + id + (run == 1 ? "" : "-run" + run) + ".log");
    List<String> command =
        with.command("replica", "--config", configFile.toString(), "--id", String.valueOf(id));
    try {
      replicas[id] = Launch.of("replica " + id, command).output(log).start();
    } catch (IOException e) {
      throw new BenchException("cannot start replica " + id + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady(int id) throws BenchException, InterruptedException {
    try {
      replicas[id].awaitLine("replica " + id + " ready", START_TIMEOUT);
    } catch (NoSuchLineException e) {
      throw new BenchException(e.getMessage(), e);
    }
  }

  private void startRelay(Duration callTimeout) throws BenchException, InterruptedException {
    List<String> command =
        launcher.command("relay", "--config", configFile.toString(), "--port", "0");
    try {
      relay = Launch.of("relay", command).output(dir.resolve("logs").resolve("relay.log")).start();
    } catch (IOException e) {
      throw new BenchException("cannot start the relay: " + e.getMessage(), e);
    }
    try {
      String line = relay.awaitLine(ReadyLine.PREFIX, START_TIMEOUT);
      endpoint = ReadyLine.parse("cluster", line, callTimeout);
    } catch (NoSuchLineException e) {
      throw new BenchException(e.getMessage(), e);
    }
  }

  /** Stops the relay and every replica (SIGTERM, SIGKILL after a bound), each by its PID. */
  @Override
  public void close() {
    List<ChildProcess> all = new ArrayList<>();
    if (relay != null) {
      all.add(relay);
    }
    for (ChildProcess p : replicas) {
      if (p != null) {
        all.add(p);
      }
    }
    try {
      for (ChildProcess p : all) {
        p.stop(STOP_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (ChildProcess p : all) {
        p.close();
      }
    }
  }
}
