package org.bftnfs.backend.ganesha;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.nfs.NfsBackend;
import org.bftnfs.backend.nfs.NfsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real nfs-ganesha (FSAL_VFS) serving one directory over NFSv3/TCP on 127.0.0.1, as a child
 * process of this JVM.
 *
 * <p>Each instance owns a temporary directory holding its {@code ganesha.conf} ({@link
 * GaneshaConfigFile}), log, pid file, {@code BLKID_FILE} cache, recovery directory and the daemon's
 * stdout/stderr; {@link #close()} removes it. The daemon runs in the foreground ({@code
 * ganesha.nfsd -F -f CONF -L LOG -p PID}), so its PID is the child's and every signal goes to that
 * PID only: SIGTERM to stop (SIGKILL after {@value #STOP_TIMEOUT_S} s), SIGKILL to crash it,
 * SIGSTOP/SIGCONT to pause it.
 *
 * <p>A start is done when a MNT of the export succeeds (bounded by the options' start timeout); a
 * daemon that exits, does not answer, or logs {@code CONFIG :CRIT} (a bad EXPORT leaves it running
 * without the export) fails the start with the log's CRIT/MAJ/FATAL lines in the message.
 *
 * <p>nfs-ganesha with NFSv3 needs a running rpcbind: a start launches {@code rpcbind -w} when none
 * answers on port 111. rpcbind is a system daemon shared by every RPC server and every instance on
 * the host, so it is left running.
 *
 * <p>Handles (FSAL_VFS: the kernel's file handles plus the export id) survive {@link #restart()},
 * which keeps the configuration and ports. A JVM shutdown hook kills a daemon left running, and a
 * {@link DeathWatch} process stops it when the JVM ends any other way (SIGKILL, a crash).
 */
public final class GaneshaServer implements AutoCloseable {

  /** The address every instance binds. */
  public static final String HOST = "127.0.0.1";

  static final long STOP_TIMEOUT_S = 5;

  private static final Logger LOG = LoggerFactory.getLogger(GaneshaServer.class);
  private static final Duration RPCBIND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int PORT_ATTEMPTS = 3;

  /** Starts of one run when instances starting at the same moment race for rpcbind. */
  private static final int REGISTER_ATTEMPTS = 8;

  private final GaneshaInstallation installation;
  private final GaneshaOptions options;
  private final Path home;
  private final Path config;
  private final GaneshaLog log;
  private final String fileSystem;
  private final Thread shutdownHook;
  private int nfsPort;
  private int mountPort;
  private int exportId;
  private volatile Process process;
  private DeathWatch watch;
  private boolean paused;
  private boolean closed;
  private Duration lastStart = Duration.ZERO;
  private Duration lastStop = Duration.ZERO;

  private GaneshaServer(GaneshaInstallation installation, GaneshaOptions options)
      throws IOException {
    this.installation = installation;
    this.options = options;
    this.fileSystem = fileSystemOf(options.exportDirectory());
    this.home = Files.createTempDirectory("bftnfs-ganesha-");
    this.config = home.resolve("ganesha.conf");
    this.log = new GaneshaLog(home.resolve("ganesha.log"));
    Files.createDirectory(home.resolve("recovery"));
    this.shutdownHook = new Thread(this::killAtExit, "ganesha-shutdown-" + home.getFileName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Empty when nfs-ganesha can run here, else why not (missing packages, not root). */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(GaneshaInstallation.find().problem());
  }

  /** True when nfs-ganesha, its VFS plugin and rpcbind are installed and this process is root. */
  public static boolean available() {
    return unavailableReason().isEmpty();
  }

  /** Starts an instance serving {@code directory} on free ports. */
  public static GaneshaServer start(Path directory) {
    return start(GaneshaOptions.of(directory));
  }

  /**
   * Starts an instance and waits until a MNT of its export succeeds.
   *
   * @throws BackendException when it cannot run here or does not start; the message has the log's
   *     CRIT/MAJ/FATAL lines
   */
  public static GaneshaServer start(GaneshaOptions options) {
    GaneshaInstallation.Result found = GaneshaInstallation.find();
    if (found.installation() == null) {
      throw new BackendException(found.problem());
    }
    new Rpcbind(found.installation().rpcbind()).ensureRunning(RPCBIND_TIMEOUT);
    GaneshaServer server;
    try {
      server = new GaneshaServer(found.installation(), options);
    } catch (IOException e) {
      throw new BackendException("cannot prepare an nfs-ganesha instance: " + e.getMessage(), e);
    }
    try {
      server.firstLaunch();
      return server;
    } catch (RuntimeException e) {
      try {
        server.close();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** The address the instance listens on. */
  public String host() {
    return HOST;
  }

  /** The NFS port. */
  public synchronized int nfsPort() {
    return nfsPort;
  }

  /** The MOUNT port. */
  public synchronized int mountPort() {
    return mountPort;
  }

  /** The path clients mount. */
  public String exportPath() {
    return options.pseudoPath();
  }

  /** The directory served. */
  public Path exportDirectory() {
    return options.exportDirectory();
  }

  /** The export id (part of every handle). */
  public synchronized int exportId() {
    return exportId;
  }

  /** The file system type of the directory served (e.g. "ext4", "tmpfs"). */
  public String fileSystem() {
    return fileSystem;
  }

  /** The instance's own directory (configuration, log, pid file). */
  public Path home() {
    return home;
  }

  /** The daemon's log file. */
  public Path logFile() {
    return log.file();
  }

  /** The daemon's PID. */
  public synchronized long pid() {
    return running().pid();
  }

  /** True while the daemon process is alive (also while paused). */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** How long the last start took until a MNT succeeded. */
  public synchronized Duration lastStartTime() {
    return lastStart;
  }

  /** How long the last {@link #stop()} took until the process was gone. */
  public synchronized Duration lastStopTime() {
    return lastStop;
  }

  /** The daemon's CRIT/MAJ/FATAL log lines of the current run, without known noise. */
  public List<String> logProblems() {
    return log.problems();
  }

  /** Where this instance is, for the backend and messages. */
  public synchronized NfsEndpoint endpoint() {
    return NfsEndpoint.of(
        "nfs-ganesha/VFS on " + fileSystem, HOST, nfsPort, mountPort, options.pseudoPath());
  }

  /** A new NFSv3 backend on this instance (default call timeout). */
  public NfsBackend openBackend() {
    return NfsBackend.open(endpoint());
  }

  /** A new NFSv3 backend on this instance with the given call timeout. */
  public NfsBackend openBackend(Duration callTimeout) {
    return NfsBackend.open(endpoint().withTimeout(callTimeout));
  }

  /**
   * Stops the daemon: SIGTERM, then SIGKILL if it is still there after {@value #STOP_TIMEOUT_S} s.
   * Does nothing when it is not running.
   */
  public synchronized void stop() {
    Process p = process;
    if (p == null) {
      return;
    }
    if (paused && p.isAlive()) {
      resume();
    }
    long t0 = System.nanoTime();
    p.destroy();
    if (!waitFor(p, STOP_TIMEOUT_S)) {
      LOG.warn("{}: no exit {} s after SIGTERM, sending SIGKILL", describe(), STOP_TIMEOUT_S);
      p.destroyForcibly();
      if (!waitFor(p, STOP_TIMEOUT_S)) {
        throw new BackendException(describe() + ": pid " + p.pid() + " survives SIGKILL");
      }
    }
    lastStop = Duration.ofNanos(System.nanoTime() - t0);
    process = null;
    paused = false;
    endWatch();
    LOG.info("{}: stopped in {} ms", describe(), lastStop.toMillis());
  }

  private void endWatch() {
    if (watch != null) {
      watch.close();
      watch = null;
    }
  }

  /** Crashes the daemon: SIGKILL to its PID, then waits (bounded) until it is gone. */
  public synchronized void kill() {
    Process p = running();
    p.destroyForcibly();
    if (!waitFor(p, STOP_TIMEOUT_S)) {
      throw new BackendException(describe() + ": pid " + p.pid() + " survives SIGKILL");
    }
    process = null;
    paused = false;
    endWatch();
  }

  /** Freezes the daemon (SIGSTOP): it keeps its sockets but answers nothing. */
  public synchronized void pause() {
    signal("STOP");
    paused = true;
    awaitAllThreadsStopped();
  }

  /**
   * SIGSTOP takes effect thread by thread: a worker busy on a loaded machine may still answer one
   * more call. Waits (bounded) until the kernel reports every thread of the daemon stopped.
   */
  private void awaitAllThreadsStopped() {
    Path tasks = Path.of("/proc", Long.toString(running().pid()), "task");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      try (Stream<Path> ts = Files.list(tasks)) {
        if (ts.allMatch(GaneshaServer::isStopped)) {
          return;
        }
      } catch (IOException e) {
        throw new BackendException("cannot read " + tasks + ": " + e.getMessage(), e);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    throw new BackendException("nfs-ganesha pid " + running().pid() + " did not stop on SIGSTOP");
  }

  private static boolean isStopped(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (java.nio.file.NoSuchFileException ended) {
      // the thread ended between listing and reading: it answers nothing any more
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets a paused daemon run again (SIGCONT). */
  public synchronized void resume() {
    signal("CONT");
    paused = false;
  }

  /**
   * Stops the daemon if it runs and starts it again with the same configuration and ports, waiting
   * until a MNT succeeds.
   */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Stops the daemon and removes the instance's directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      removeShutdownHook();
      deleteHome();
    }
  }

  /** What this instance is, for messages. */
  public synchronized String describe() {
    return "nfs-ganesha/VFS on "
        + fileSystem
        + " at "
        + HOST
        + ":"
        + nfsPort
        + " (MOUNT "
        + mountPort
        + ", "
        + options.pseudoPath()
        + " = "
        + options.exportDirectory()
        + ")";
  }

  @Override
  public String toString() {
    return describe();
  }

  private synchronized void firstLaunch() {
    int attempts = options.picksPorts() ? PORT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      int[] free = options.picksPorts() ? FreePorts.two() : new int[2];
      nfsPort = options.nfsPort() != 0 ? options.nfsPort() : free[0];
      mountPort = options.mountPort() != 0 ? options.mountPort() : free[1];
      if (nfsPort == mountPort) {
        mountPort = free[1] != nfsPort ? free[1] : free[0];
      }
      exportId = options.exportId() != 0 ? options.exportId() : nfsPort;
      writeConfig();
      try {
        launch();
        return;
      } catch (BackendException e) {
        if (attempt >= attempts || !log.bindFailed()) {
          throw e;
        }
        LOG.info("{}: a port was taken, trying new ones: {}", describe(), e.getMessage());
      }
    }
  }

  private void writeConfig() {
    String text =
        GaneshaConfigFile.render(
            options.exportDirectory(),
            options.pseudoPath(),
            exportId,
            nfsPort,
            mountPort,
            home.resolve("recovery"));
    try {
      Files.writeString(config, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BackendException("cannot write " + config + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts the daemon and waits until it serves. When another instance started at the same moment
   * won the race to register with rpcbind (this one exited), starts it again: it then unregisters
   * the other's entries and registers its own (clients of these instances use explicit ports).
   */
  private void launch() {
    for (int attempt = 1; ; attempt++) {
      try {
        launchOnce();
        return;
      } catch (BackendException e) {
        if (attempt >= REGISTER_ATTEMPTS || !log.registrationFailed()) {
          throw e;
        }
        LOG.info(
            "{}: another instance registered with rpcbind at the same moment; starting again",
            describe());
      }
    }
  }

  private void launchOnce() {
    ProcessBuilder builder =
        new ProcessBuilder(
                installation.ganesha().toString(),
                "-F",
                "-f",
                config.toString(),
                "-L",
                log.file().toString(),
                "-p",
                home.resolve("ganesha.pid").toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(home.resolve("ganesha.out").toFile()));
    builder.environment().put("BLKID_FILE", home.resolve("blkid.tab").toString());
    log.mark();
    long t0 = System.nanoTime();
    Process started;
    try {
      started = builder.start();
    } catch (IOException e) {
      throw new BackendException("cannot run " + installation.ganesha() + ": " + e.getMessage(), e);
    }
    process = started;
    paused = false;
    endWatch();
    watch = DeathWatch.of(started);
    awaitMount(started, t0);
    List<String> configErrors = log.configErrors();
    if (!configErrors.isEmpty()) {
      throw failedStart("its configuration has errors (" + config + ")");
    }
    lastStart = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info("{}: pid {} ready in {} ms", describe(), started.pid(), lastStart.toMillis());
  }

  /** Polls (bounded) until a MNT succeeds; fails early when the daemon exits or logs CONFIG. */
  private void awaitMount(Process started, long t0) {
    long deadline = t0 + options.startTimeout().toNanos();
    BackendException lastAttempt = null;
    while (true) {
      if (!started.isAlive()) {
        throw failedStart("it exited with status " + started.exitValue() + " before it was ready");
      }
      try {
        openBackend(PROBE_TIMEOUT).close();
        return;
      } catch (BackendException e) {
        lastAttempt = e;
      }
      if (!log.configErrors().isEmpty()) {
        throw failedStart("its configuration has errors (" + config + ")");
      }
      if (System.nanoTime() - deadline > 0) {
        throw failedStart(
            "no MNT succeeded within "
                + options.startTimeout().toMillis()
                + " ms (last: "
                + lastAttempt.getMessage()
                + ")");
      }
      waitFor(started, Poll.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops the daemon of a failed start and describes the failure with the log's problems. */
  private BackendException failedStart(String why) {
    String summary = log.summary();
    try {
      stop();
    } catch (BackendException e) {
      return new BackendException(
          describe() + " did not start: " + why + "; " + summary + "; and it cannot be stopped", e);
    }
    return new BackendException(describe() + " did not start: " + why + "; " + summary);
  }

  private Process running() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException(describe() + " is not running");
    }
    return p;
  }

  private void signal(String name) {
    Process p = running();
    Process kill;
    try {
      kill =
          new ProcessBuilder(installation.kill().toString(), "-" + name, Long.toString(p.pid()))
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new BackendException("cannot run " + installation.kill() + ": " + e.getMessage(), e);
    }
    if (!waitFor(kill, STOP_TIMEOUT_S)) {
      kill.destroyForcibly();
      throw new BackendException("kill -" + name + " " + p.pid() + " did not return");
    }
    if (kill.exitValue() != 0) {
      throw new BackendException(
          "kill -" + name + " " + p.pid() + " failed with exit status " + kill.exitValue());
    }
  }

  private static boolean waitFor(Process p, long seconds) {
    return waitFor(p, seconds, TimeUnit.SECONDS);
  }

  private static boolean waitFor(Process p, long amount, TimeUnit unit) {
    try {
      return p.waitFor(amount, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while waiting for pid " + p.pid(), e);
    }
  }

  /** The type of the file system holding {@code dir}; ganesha itself reports a missing one. */
  private static String fileSystemOf(Path dir) throws IOException {
    return Files.isDirectory(dir) ? Files.getFileStore(dir).type() : "(no directory)";
  }

  private void killAtExit() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      LOG.debug("JVM is shutting down; its hook kills {} if needed", describe(), e);
    }
  }

  private void deleteHome() {
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new BackendException("cannot remove " + home + ": " + e.getMessage(), e);
    }
  }
}
