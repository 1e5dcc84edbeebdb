package org.bftnfs.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A child process started by {@link Launch}, its output in files. Every wait is bounded. It is
 * ended by its PID; a kill or a stop also ends, each by its PID, the processes it started that this
 * object has seen ({@link #descendants}, and whatever runs below it at the kill): a child killed
 * with SIGKILL cannot stop them itself, and one that stops cleanly may leave some behind. Safe for
 * use from several threads.
 */
public final class ChildProcess implements AutoCloseable {

  /** How long a process may take to be gone after SIGKILL. */
  static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /** How often the output file is read while a line is awaited. */
  private static final long POLL_MILLIS = 50;

  private static final int TAIL_LINES = 25;

  private final String name;
  private final Process process;
  private final Path out;
  private final long outStart;
  private final Path err;
  private final Set<ProcessHandle> seen = new LinkedHashSet<>();

  ChildProcess(String name, Process process, Path out, long outStart, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.outStart = outStart;
    this.err = err;
  }

  /** The name given at launch, for messages. */
  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** The child's own process handle. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits at most {@code timeout} for the child to exit, without killing it.
   *
   * @return true when it exited
   */
  public boolean exitedWithin(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The exit code.
   *
   * @throws IllegalThreadStateException if it has not exited
   */
  public int exitValue() {
    return process.exitValue();
  }

  /** What it wrote to its output file in this run (with its stderr, unless kept apart). */
  public String output() {
    try {
      byte[] all = Files.readAllBytes(out);
      int from = (int) Math.min(outStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + out + ": " + e + ")";
    }
  }

  /** The complete lines of {@link #output} (those ended by a newline, never one being written). */
  public List<String> lines() {
    String written = output();
    return written.substring(0, written.lastIndexOf('\n') + 1).lines().toList();
  }

  /** What its stderr file holds, when stderr was kept apart; else "". */
  public String errors() {
    if (err == null) {
      return "";
    }
    try {
      return Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + err + ": " + e + ")";
    }
  }

  /** Its name, output file and the last lines of its output, for failure messages. */
  public String tail() {
    List<String> lines = output().lines().toList();
    return name
        + " (log "
        + out
        + "):\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  /**
   * Waits, at most {@code timeout}, for a complete line of its output starting with {@code prefix}.
   *
   * @return the first such line
   * @throws NoSuchLineException if the child exits first or the time is up (it still runs then)
   */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean exited = !process.isAlive(); // before reading: all it wrote is in the file then
      Optional<String> line = lines().stream().filter(l -> l.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (exited) {
        throw new NoSuchLineException(
            name + " exited (" + process.exitValue() + ") before '" + prefix + "': " + tail(),
            true);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new NoSuchLineException(
            name + " printed no '" + prefix + "' within " + timeout + ": " + tail(), false);
      }
      process.waitFor(
          Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The processes it started (transitively) that run now; each is remembered, so that {@link #stop}
   * and {@link #kill} also end it should it outlive the child.
   */
  public synchronized List<ProcessHandle> descendants() {
    List<ProcessHandle> running = process.descendants().filter(ProcessHandle::isAlive).toList();
    seen.addAll(running);
    return running;
  }

  /**
   * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to the child by PID with {@code kill}:
   * SIGSTOP freezes it until SIGCONT.
   *
   * @throws IOException if {@code kill} fails or takes more than 10 s
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
    process.toHandle().destroy();
  }

  /**
   * Waits at most {@code timeout} for the child to exit.
   *
   * @return the exit code
   * @throws IllegalStateException if it still runs then (it is {@linkplain #kill killed})
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!exitedWithin(timeout)) {
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
   * Stops the child and what it started: SIGTERM (it stops what it runs itself), SIGKILL when it
   * still runs {@code timeout} later; then SIGKILL to every process it started that outlived it.
   * When interrupted, it sends SIGKILL to all of them without waiting, and throws.
   *
   * @return what it took
   */
  public synchronized Stopped stop(Duration timeout) throws InterruptedException {
    descendants();
    List<ProcessHandle> started = List.copyOf(seen);
    try {
      sigterm();
      boolean killed = false;
      if (!exitedWithin(timeout)) {
        killed = true;
        process.toHandle().destroyForcibly();
        process.waitFor(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
      }
      List<ProcessHandle> leftovers = started.stream().filter(ProcessHandle::isAlive).toList();
      List<ProcessHandle> survivors = new ArrayList<>(ProcessTree.killAll(leftovers, KILL_WAIT));
      if (process.isAlive()) {
        survivors.add(0, process.toHandle());
      }
      return new Stopped(killed, pids(leftovers), pids(survivors));
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      started.forEach(ProcessHandle::destroyForcibly);
      throw e;
    }
  }

  /**
   * How a {@link #stop} went.
   *
   * @param killed the child did not exit in time after SIGTERM and got SIGKILL
   * @param leftovers the processes it started that still ran after it stopped (each got SIGKILL)
   * @param survivors the processes still alive {@link #KILL_WAIT} after their SIGKILL (empty unless
   *     one cannot die, e.g. stuck in the kernel)
   */
  public record Stopped(boolean killed, List<Long> leftovers, List<Long> survivors) {}

  /**
   * A crash: SIGKILL by PID to the child and to every process it started (those running now and
   * those seen before), waiting at most 10 s for each to be gone.
   *
   * @throws IllegalStateException if the child survives that
   */
  public synchronized void kill() throws InterruptedException {
    descendants();
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    all.addAll(seen);
    ProcessTree.killAll(all, KILL_WAIT);
    if (process.isAlive()) {
      throw new IllegalStateException(
          name + " (pid " + pid() + ") survived SIGKILL for " + KILL_WAIT.toSeconds() + " s");
    }
  }

  /** {@link #kill}s it (and what it started) if it still runs. */
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

  private static List<Long> pids(List<ProcessHandle> handles) {
    return handles.stream().map(ProcessHandle::pid).toList();
  }
}
