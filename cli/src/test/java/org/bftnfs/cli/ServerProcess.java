package org.bftnfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.process.Notes;
import org.bftnfs.testkit.process.BftnfsProcess;

/**
 * {@code bin/bftnfs serve ...} as a child process started by the testkit's {@link BftnfsProcess}
 * (build step switched off, stdout and stderr in files of the working directory, every wait
 * bounded, ended by its PID together with the processes it started, e.g. nfs-ganesha), seen as a
 * server — the notes it printed before its {@code ready:} line, the URL on that line and the ports
 * in it.
 */
final class ServerProcess implements AutoCloseable {

  private static final String READY = "ready: ";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

  private final ChildProcess process;
  private final List<String> notes;
  private final String url;

  private ServerProcess(ChildProcess process, List<String> notes, String url) {
    this.process = process;
    this.notes = notes;
    this.url = url;
  }

  /**
   * Starts {@code bin/bftnfs serve} with {@code options} in {@code workDir} and waits (at most 60
   * s) for its {@code ready:} line; when none comes, the process is killed (by PID) and this throws
   * {@link IllegalStateException} with what it wrote.
   */
  static ServerProcess start(Path workDir, String... options)
      throws IOException, InterruptedException {
    ChildProcess p = launch(workDir, options);
    String ready;
    try {
      ready = p.awaitLine(READY, READY_TIMEOUT);
    } catch (InterruptedException e) {
      p.kill();
      throw e;
    } catch (IllegalStateException e) {
      p.kill();
      throw new IllegalStateException(
          "server did not print '" + READY.strip() + "' (stderr: " + p.errors() + ")", e);
    }
    List<String> notes = List.copyOf(Notes.before(p.lines(), READY));
    return new ServerProcess(p, notes, ready.substring(READY.length()));
  }

  /**
   * Runs {@code bin/bftnfs serve} with {@code options} in {@code workDir} for a start that must
   * fail: waits at most 60 s for the exit (killing it by PID after that).
   */
  static Exited expectExit(Path workDir, String... options)
      throws IOException, InterruptedException {
    ChildProcess p = launch(workDir, options);
    if (!p.exitedWithin(EXIT_TIMEOUT)) {
      p.kill();
      throw new AssertionError(
          "bin/bftnfs serve " + List.of(options) + " still ran after " + EXIT_TIMEOUT);
    }
    return new Exited(p.exitValue(), p.output(), p.errors());
  }

  private static ChildProcess launch(Path workDir, String... options) throws IOException {
    List<String> args = new ArrayList<>();
    args.add("serve");
    args.addAll(List.of(options));
    Path out = Files.createTempFile(workDir, "server", ".out");
    Path err = Files.createTempFile(workDir, "server", ".err");
    return BftnfsProcess.startApart("bftnfs serve", workDir, out, err, Map.of(), args);
  }

  /**
   * How a server that was expected to fail ended.
   *
   * @param code its exit code
   * @param stdout what it printed on stdout
   * @param stderr what it printed on stderr
   */
  record Exited(int code, String stdout, String stderr) {}

  /** The lines printed before the ready line (the notes). */
  List<String> notes() {
    return notes;
  }

  /** The MOUNT port from the ready line's URL. */
  int mountPort() {
    return Integer.parseInt(url.replaceAll(".*[?&]mountport=(\\d+).*", "$1"));
  }

  /** The NFS port from the ready line's URL. */
  int nfsPort() {
    return Integer.parseInt(url.replaceAll(".*[?&]nfsport=(\\d+).*", "$1"));
  }

  /** The processes this server started that still run (nfs-ganesha for that backend). */
  List<ProcessHandle> children() {
    return process.descendants();
  }

  /** The URL from the ready line. */
  String url() {
    return url;
  }

  /** The URL of {@code name} in the export, with extra query parameters appended. */
  String fileUrl(String name, String extraQuery) {
    int q = url.indexOf('?');
    return url.substring(0, q) + "/" + name + url.substring(q) + extraQuery;
  }

  /** The process id. */
  long pid() {
    return process.pid();
  }

  /** What the server wrote to stderr so far. */
  String stderr() {
    return process.errors();
  }

  /**
   * Sends SIGTERM (by PID) and waits at most {@code seconds} for the exit.
   *
   * @return the exit code, or -1 when the process did not exit in time (it still runs then; {@link
   *     #close} kills it)
   */
  int terminate(long seconds) throws InterruptedException {
    process.sigterm();
    return process.exitedWithin(Duration.ofSeconds(seconds)) ? process.exitValue() : -1;
  }

  /**
   * Kills the process (SIGKILL by PID) if it still runs, waiting at most 10 s, then every process
   * it had started (SIGKILL by PID; a server killed this way cannot stop its nfs-ganesha itself).
   */
  void destroyForcibly() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() throws InterruptedException {
    destroyForcibly();
  }

  @Override
  public String toString() {
    return process.toString();
  }
}
