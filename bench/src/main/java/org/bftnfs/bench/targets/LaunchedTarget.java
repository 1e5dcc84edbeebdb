package org.bftnfs.bench.targets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bftnfs.backend.nfs.NfsEndpoint;
import org.bftnfs.bench.BenchException;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.process.Launch;
import org.bftnfs.process.NoSuchLineException;
import org.bftnfs.process.Notes;
import org.bftnfs.process.ProcessTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target that is a {@code bftnfs serve} or {@code bftnfs local-cluster} child process, started
 * with the one launcher ({@link Launch}): its {@code ready:} line awaited, its replica PIDs read
 * from its {@code note:} line, its processes (and their roles) found among its descendants. Stdout
 * and stderr go to files in the log directory. Every wait is bounded and every process is ended by
 * its PID.
 */
final class LaunchedTarget implements Target {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchedTarget.class);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final TargetKind kind;
  private final ChildProcess process;
  private final NfsEndpoint endpoint;
  private final List<Long> replicaPids;
  private final Set<Long> killed = new LinkedHashSet<>();

  private LaunchedTarget(
      TargetKind kind, ChildProcess process, NfsEndpoint endpoint, List<Long> replicaPids) {
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
    ChildProcess p;
    try {
      p = Launch.of(kind.label(), command).output(out, err).start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + kind.label() + ": " + e.getMessage(), e);
    }
    try {
      String ready = p.awaitLine(ReadyLine.PREFIX, readyTimeout);
      List<Long> replicas = Notes.pids(Notes.before(p.lines(), ReadyLine.PREFIX));
      NfsEndpoint endpoint = ReadyLine.parse(kind.label(), ready, callTimeout);
      return new LaunchedTarget(kind, p, endpoint, List.copyOf(replicas));
    } catch (NoSuchLineException e) {
      BenchException failed =
          new BenchException(
              e.exited()
                  ? kind.label()
                      + ": exited before it was ready"
                      + lastLine(p.errors())
                      + " (see "
                      + out
                      + ")"
                  : kind.label()
                      + ": no ready line after "
                      + readyTimeout.toSeconds()
                      + " s"
                      + lastLine(p.errors()),
              e);
      throw killAfter(p, failed);
    } catch (InterruptedException e) {
      throw killAfter(p, e);
    } catch (RuntimeException e) {
      throw killAfter(p, e);
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
    roles.add(new ProcessRole(process.handle(), ProcessRole.RELAY));
    for (ProcessHandle h : process.descendants()) {
      roles.add(new ProcessRole(h, roleOf(h)));
    }
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
    List<ProcessHandle> victims = ProcessTree.withDescendants(replica);
    victims.forEach(h -> killed.add(h.pid()));
    for (ProcessHandle h : ProcessTree.killAll(victims, KILL_WAIT)) {
      LOG.warn("pid {} did not exit within {} s of SIGKILL", h.pid(), KILL_WAIT.toSeconds());
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
    try {
      ChildProcess.Stopped stopped = process.stop(STOP_TIMEOUT);
      if (stopped.killed()) {
        LOG.warn(
            "{}: no exit {} s after SIGTERM, sent SIGKILL", kind.label(), STOP_TIMEOUT.toSeconds());
      }
      for (long pid : stopped.leftovers()) {
        LOG.warn("{}: pid {} still alive after its parent stopped, killed it", kind, pid);
      }
      for (long pid : stopped.survivors()) {
        LOG.warn(
            "{}: pid {} did not exit within {} s of SIGKILL", kind, pid, KILL_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stop has sent SIGKILL to all of them
    }
  }

  /** Kills a child that failed to start, and whatever it started, by PID; returns {@code e}. */
  private static <E extends Exception> E killAfter(ChildProcess p, E e) {
    try {
      p.kill();
    } catch (InterruptedException | RuntimeException k) {
      if (k instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      e.addSuppressed(k);
    }
    return e;
  }

  /** ": LAST LINE" of a stderr text, or nothing. */
  private static String lastLine(String stderr) {
    List<String> all = stderr.lines().toList();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (!all.get(i).isBlank()) {
        return ": " + all.get(i).strip();
      }
    }
    return "";
  }
}
