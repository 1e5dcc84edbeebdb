package org.bftnfs.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/bftnfs} command as a child process of a test — the one launcher every test tree
 * uses: started with the build step switched off ({@code BFTNFS_SKIP_BUILD=1}; the reactor packaged
 * cli before the integration tests), its output in files (stdout and stderr appended to one log, or
 * kept apart). Every wait is bounded; the process is ended by its PID, and a kill also ends the
 * processes it started (its nfs-ganesha), each by its PID — a process killed with SIGKILL cannot
 * stop them itself.
 */
public final class BftnfsProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final long logStart;
  private final Path errors;

  private BftnfsProcess(String name, Process process, Path log, long logStart, Path errors) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.logStart = logStart;
    this.errors = errors;
  }

  /**
   * Starts {@code bin/bftnfs args...}.
   *
   * @param name for messages, e.g. "replica 2"
   * @param log the file its output is appended to
   * @param env variables set on top of this process's environment (a null value removes one)
   */
  public static BftnfsProcess start(
      String name, Path log, Map<String, String> env, List<String> args) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = builder(args, log.getParent()).redirectErrorStream(true);
    return start(name, builder, log, null, env);
  }

  /**
   * Starts {@code bin/bftnfs args...} in {@code workDir} with its stdout appended to {@code out}
   * and its stderr to {@code err} ({@link #output} is the stdout, {@link #errors} the stderr).
   */
  public static BftnfsProcess startApart(
      String name, Path workDir, Path out, Path err, Map<String, String> env, List<String> args)
      throws IOException {
    ProcessBuilder builder =
        builder(args, workDir).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    return start(name, builder, out, err, env);
  }

  private static ProcessBuilder builder(List<String> args, Path workDir) {
    List<String> command = new ArrayList<>();
    command.add(Repository.root().resolve("bin/bftnfs").toString());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .directory(workDir.toFile());
  }

  private static BftnfsProcess start(
      String name, ProcessBuilder builder, Path out, Path err, Map<String, String> env)
      throws IOException {
    long start = Files.exists(out) ? Files.size(out) : 0;
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    Map<String, String> environment = builder.environment();
    environment.put("BFTNFS_SKIP_BUILD", "1");
    environment.remove("BFTNFS_FAULT");
    env.forEach(
        (k, v) -> {
          if (v == null) {
            environment.remove(k);
          } else {
            environment.put(k, v);
          }
        });
    return new BftnfsProcess(name, builder.start(), out, start, err);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The processes it started that still run. */
  public List<ProcessHandle> children() {
    return process.descendants().filter(ProcessHandle::isAlive).toList();
  }

  /**
   * Waits at most {@code timeout} for the process to exit, without killing it.
   *
   * @return true when it exited
   */
  public boolean exitedWithin(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The exit code (the process must have exited). */
  public int exitValue() {
    return process.exitValue();
  }

  /** What it wrote on stderr, when that was kept apart ({@link #startApart}); else "". */
  public String errors() {
    if (errors == null) {
      return "";
    }
    try {
      return Files.readString(errors, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + errors + ": " + e + ")";
    }
  }

  /** What this process wrote (this run only). */
  public String output() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** The last lines of its output, for failure messages. */
  public String tail() {
    List<String> lines = output().lines().toList();
    return name
        + " (log "
        + log
        + "):\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
  }

  /**
   * Waits, at most {@code timeout}, for a complete output line (one ended by its newline, so never
   * a line still being written) starting with {@code prefix}.
   *
   * @return the line
   * @throws IllegalStateException if the process exits first or the time is up
   */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String written = output();
      Optional<String> line =
          written
              .substring(0, written.lastIndexOf('\n') + 1)
              .lines()
              .filter(l -> l.startsWith(prefix))
              .findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited (" + process.exitValue() + ") before '" + prefix + "': " + tail());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            name + " printed no '" + prefix + "' within " + timeout + ": " + tail());
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to the process by PID with {@code kill}:
   * SIGSTOP freezes a replica (it neither answers nor votes) until SIGCONT.
   */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      kill.destroyForcibly();
      throw new IOException("kill -" + signal + " " + pid() + " failed");
    }
  }

  /** Sends SIGTERM (by PID): a clean stop; see {@link #awaitExit}. */
  public void sigterm() {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
  }

  /**
   * Waits at most {@code timeout} for the process to exit.
   *
   * @return the exit code
   * @throws IllegalStateException if it is still running then (it is killed)
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new IllegalStateException(name + " did not exit within " + timeout + ": " + tail());
    }
    return process.exitValue();
  }

  /** SIGTERM, then {@link #awaitExit}. */
  public int terminate(Duration timeout) throws InterruptedException {
    sigterm();
    return awaitExit(timeout);
  }

  /**
   * SIGKILL by PID (a crash), waiting at most 10 s for it to be gone, then SIGKILL to every process
   * it had started (by PID), waiting for them too.
   */
  public void kill() throws InterruptedException {
    List<ProcessHandle> started = process.descendants().toList();
    if (process.isAlive()) {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 10 s");
      }
    }
    for (ProcessHandle child : started) {
      child.destroyForcibly(); // a no-op when it is gone (the handle knows its start time)
    }
    for (ProcessHandle child : started) {
      child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
    }
  }

  /** Kills it (and what it started) if it still runs. */
  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + this, e);
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
