package org.bftnfs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bftnfs serve ...} as a child process: started with the build step switched off ({@code
 * BFTNFS_SKIP_BUILD=1}; the jar was just packaged), its stdout read line by line on an injected
 * executor, its stderr kept in a file. Every wait is bounded; the process is ended by its PID, and
 * a forced end also kills the processes it started (nfs-ganesha), each by its PID.
 */
final class ServerProcess implements AutoCloseable {

  private static final String END = "\u0000end-of-stdout";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> notes = new ArrayList<>();
  private final String url;

  private ServerProcess(Process process, Path stderr, ExecutorService reader)
      throws IOException, InterruptedException {
    this.process = process;
    this.stderr = stderr;
    reader.execute(this::readStdout);
    this.url = awaitReady();
  }

  /**
   * Starts {@code bin/bftnfs serve} with {@code options} and waits (at most 60 s) for its {@code
   * ready:} line.
   */
  static ServerProcess start(Path repoRoot, Path workDir, ExecutorService reader, String... options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(repoRoot.resolve("bin/bftnfs").toString());
    command.add("serve");
    command.addAll(List.of(options));
    Path err = Files.createTempFile(workDir, "server", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(err.toFile()).directory(workDir.toFile());
    builder.environment().put("BFTNFS_SKIP_BUILD", "1");
    return new ServerProcess(builder.start(), err, reader);
  }

  /**
   * Runs {@code bin/bftnfs serve} with {@code options} for a start that must fail: waits at most 60
   * s for the exit (killing it by PID after that).
   */
  static Exited expectExit(Path repoRoot, Path workDir, String... options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(repoRoot.resolve("bin/bftnfs").toString());
    command.add("serve");
    command.addAll(List.of(options));
    Path out = Files.createTempFile(workDir, "server", ".out");
    Path err = Files.createTempFile(workDir, "server", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .directory(workDir.toFile());
    builder.environment().put("BFTNFS_SKIP_BUILD", "1");
    Process p = builder.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      List<ProcessHandle> started = p.descendants().toList();
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      started.forEach(ProcessHandle::destroyForcibly);
      throw new AssertionError(command + " still ran after 60 s");
    }
    return new Exited(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * How a server that was expected to fail ended.
   *
   * @param code its exit code
   * @param stdout what it printed on stdout
   * @param stderr what it printed on stderr
   */
  record Exited(int code, String stdout, String stderr) {}

  /** Finds the repository root: the nearest directory above the working directory with bin/. */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("bin/bftnfs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no bin/bftnfs above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private void readStdout() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("stdout read failed: " + e);
    } finally {
      lines.add(END);
    }
  }

  private String awaitReady() throws IOException, InterruptedException {
    List<String> seen = new ArrayList<>();
    while (true) {
      String line = lines.poll(60, TimeUnit.SECONDS);
      if (line == null || line.equals(END)) {
        destroyForcibly();
        throw new IllegalStateException(
            "server did not print 'ready:' (stdout " + seen + ", stderr: " + stderr() + ")");
      }
      if (line.startsWith("ready: ")) {
        notes.addAll(seen);
        return line.substring("ready: ".length());
      }
      seen.add(line);
    }
  }

  /** The lines printed before the ready line (the notes). */
  List<String> notes() {
    return List.copyOf(notes);
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
    return process.descendants().filter(ProcessHandle::isAlive).toList();
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
  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /**
   * Sends SIGTERM and waits at most {@code seconds} for the exit.
   *
   * @return the exit code, or -1 when the process did not exit in time
   */
  int terminate(long seconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /**
   * Kills the process (SIGKILL by PID) if it still runs, waiting at most 10 s, then every process
   * it had started (SIGKILL by PID; a server killed this way cannot stop its nfs-ganesha itself).
   */
  void destroyForcibly() throws InterruptedException {
    List<ProcessHandle> started = process.descendants().toList();
    if (process.isAlive()) {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle child : started) {
      child.destroyForcibly(); // a no-op when it is gone (the handle knows its start time)
    }
    for (ProcessHandle child : started) {
      child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
    }
  }

  @Override
  public void close() throws InterruptedException {
    destroyForcibly();
  }
}
