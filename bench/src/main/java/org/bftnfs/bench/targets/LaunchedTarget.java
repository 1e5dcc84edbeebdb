package org.bftnfs.bench.targets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bftnfs.backend.nfs.NfsEndpoint;
import org.bftnfs.bench.BenchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target that is a {@code bftnfs serve} or {@code bftnfs local-cluster} child process: started,
 * its {@code ready:} line awaited, its replica PIDs read from its {@code note:} line, its processes
 * (and their roles) found among its descendants. Stdout and stderr go to files in the log
 * directory. Every wait is bounded and every process is ended by its PID.
 */
final class LaunchedTarget implements Target {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchedTarget.class);
  private static final Pattern PIDS = Pattern.compile("pids \\[([0-9, ]+)\\]");
  private static final String END = "\u0000end";
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final TargetKind kind;
  private final Process process;
  private final NfsEndpoint endpoint;
  private final List<Long> replicaPids;
  private final Set<ProcessHandle> seen = new LinkedHashSet<>();
  private final Set<Long> killed = new LinkedHashSet<>();

  private LaunchedTarget(
      TargetKind kind, Process process, NfsEndpoint endpoint, List<Long> replicaPids) {
    this.kind = kind;
    this.process = process;
    this.endpoint = endpoint;
    this.replicaPids = replicaPids;
  }

  /**
   * Starts {@code command} and waits for its ready line.
   *
   * @throws BenchException when it exits, or prints no ready line within {@code readyTimeout}
   */
  static LaunchedTarget start(
      TargetKind kind,
      List<String> command,
      Path logDir,
      Duration readyTimeout,
      Duration callTimeout)
      throws BenchException, InterruptedException {
    Path out = logDir.resolve(kind.label() + ".out");
    Path err = logDir.resolve(kind.label() + ".err");
    Process p;
    try {
      Files.createDirectories(logDir);
      p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + kind.label() + ": " + e.getMessage(), e);
    }
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> copyLines(p, out, lines), kind.label() + "-stdout");
    reader.setDaemon(true);
    reader.start();
    List<Long> replicas = new ArrayList<>();
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    try {
      while (true) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new BenchException(
              kind.label()
                  + ": no ready line after "
                  + readyTimeout.toSeconds()
                  + " s"
                  + tail(err));
        }
        if (line.equals(END)) {
          p.waitFor(10, TimeUnit.SECONDS);
          throw new BenchException(
              kind.label() + ": exited before it was ready" + tail(err) + " (see " + out + ")");
        }
        Matcher m = PIDS.matcher(line);
        if (line.startsWith("note: ") && m.find()) {
          for (String pid : m.group(1).split(",")) {
            replicas.add(Long.parseLong(pid.strip()));
          }
        }
        if (line.startsWith(ReadyLine.PREFIX)) {
          NfsEndpoint endpoint = ReadyLine.parse(kind.label(), line, callTimeout);
          return new LaunchedTarget(kind, p, endpoint, List.copyOf(replicas));
        }
      }
    } catch (BenchException | InterruptedException | RuntimeException e) {
      stopTree(p);
      throw e;
    }
  }

  @Override
  public TargetKind kind() {
    return kind;
  }

  @Override
  public NfsEndpoint endpoint() {
    return endpoint;
  }

  /** The replica PIDs, in replica id order (empty for {@code serve}). */
  List<Long> replicaPids() {
    return replicaPids;
  }

  @Override
  public synchronized List<ProcessRole> processes() {
    List<ProcessRole> roles = new ArrayList<>();
    if (!process.isAlive()) {
      return roles;
    }
    ProcessHandle root = process.toHandle();
    seen.add(root);
    roles.add(new ProcessRole(root, ProcessRole.RELAY));
    root.descendants()
        .forEach(
            h -> {
              seen.add(h);
              roles.add(new ProcessRole(h, roleOf(h)));
            });
    return roles;
  }

  private String roleOf(ProcessHandle h) {
    if (replicaPids.contains(h.pid())) {
      return ProcessRole.REPLICA;
    }
    String command = h.info().command().orElse("");
    return command.endsWith("ganesha.nfsd") ? ProcessRole.GANESHA : ProcessRole.OTHER;
  }

  /**
   * Crashes replica {@code id}: SIGKILL to its process and to every process it started (its
   * nfs-ganesha), as if its machine had failed.
   */
  synchronized void killReplica(int id) throws BenchException, InterruptedException {
    if (id >= replicaPids.size()) {
      throw new BenchException(kind.label() + " has no replica " + id);
    }
    long pid = replicaPids.get(id);
    ProcessHandle replica =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new BenchException("replica " + id + " (pid " + pid + ") is gone"));
    List<ProcessHandle> victims = new ArrayList<>();
    victims.add(replica);
    victims.addAll(replica.descendants().toList());
    for (ProcessHandle h : victims) {
      h.destroyForcibly();
      killed.add(h.pid());
    }
    for (ProcessHandle h : victims) {
      awaitExit(h, Duration.ofSeconds(10));
    }
  }

  /** The PIDs killed by {@link #killReplica}. */
  synchronized Set<Long> killed() {
    return Set.copyOf(killed);
  }

  /**
   * SIGTERM to the child (it stops its replicas and servers), SIGKILL after {@link #STOP_TIMEOUT};
   * then SIGKILL to any process of this target still alive.
   */
  @Override
  public synchronized void close() {
    processes();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("{}: no exit {} s after SIGTERM, sending SIGKILL", kind.label(), STOP_TIMEOUT);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle h : seen) {
        if (h.isAlive()) {
          LOG.warn("{}: pid {} still alive after its parent stopped, killing it", kind, h.pid());
          h.destroyForcibly();
          awaitExit(h, Duration.ofSeconds(10));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      seen.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static void awaitExit(ProcessHandle h, Duration timeout) throws InterruptedException {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("pid {} did not exit within {}: {}", h.pid(), timeout, e.toString());
    }
  }

  /** Kills a child that failed to start, and whatever it started, by PID. */
  private static void stopTree(Process p) throws InterruptedException {
    List<ProcessHandle> started = p.descendants().toList();
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle h : started) {
      h.destroyForcibly();
      awaitExit(h, Duration.ofSeconds(10));
    }
  }

  private static void copyLines(Process p, Path out, BlockingQueue<String> lines) {
    try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        w.write(line);
        w.write('\n');
        w.flush();
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the output of pid " + p.pid(), e);
    } finally {
      lines.add(END);
    }
  }

  /** ": LAST LINE" of a stderr file, or nothing. */
  private static String tail(Path err) {
    try {
      List<String> all = Files.readAllLines(err, StandardCharsets.UTF_8);
      for (int i = all.size() - 1; i >= 0; i--) {
        if (!all.get(i).isBlank()) {
          return ": " + all.get(i).strip();
        }
      }
      return "";
    } catch (IOException e) {
      return " (its stderr " + err + " cannot be read: " + e.getMessage() + ")";
    }
  }
}
