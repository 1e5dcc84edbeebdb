package org.bftnfs.bench.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of a process from {@code /proc/PID/stat}: user plus system time of all its threads
 * (fields 14 and 15, in clock ticks; children are not included); its peak resident memory from
 * {@code /proc/PID/status}.
 */
public final class ProcStat {

  private static final long TICKS_PER_SECOND = clockTicks();

  private ProcStat() {}

  /**
   * CPU ticks of one process.
   *
   * @param user in user mode
   * @param system in the kernel
   */
  public record Ticks(long user, long system) {

    /** User plus system ticks. */
    public long total() {
      return user + system;
    }
  }

  /** The CPU ticks {@code pid} has used so far; empty when there is no such process any more. */
  public static Optional<Ticks> cpuTicks(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
    }
    return Optional.of(parseTicks(stat));
  }

  /** utime and stime of one {@code /proc/PID/stat} line. */
  static Ticks parseTicks(String stat) {
    // the command name (field 2) is in parentheses and may contain blanks: count after the last ')'
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    // f[0] is field 3 (state), so field 14 (utime) is f[11] and field 15 (stime) f[12]
    return new Ticks(Long.parseLong(f[11]), Long.parseLong(f[12]));
  }

  /**
   * The peak resident set size ({@code VmHWM} of {@code /proc/PID/status}) of {@code pid} so far,
   * in KiB; empty when there is no such process any more, or when it has no memory of its own (a
   * zombie, a kernel thread).
   */
  public static Optional<Long> peakRssKib(long pid) {
    String status;
    try {
      status =
          Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/status", e);
    }
    return parsePeakRssKib(status);
  }

  /**
   * The {@code VmHWM} value of a {@code /proc/PID/status} text, in KiB ("VmHWM:\t 123456 kB");
   * empty when the line is absent.
   *
   * @throws IllegalArgumentException when the line is there but not in that form
   */
  static Optional<Long> parsePeakRssKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String[] f = line.substring("VmHWM:".length()).trim().split("\\s+");
        if (f.length != 2 || !f[1].equals("kB") || !f[0].matches("[0-9]+")) {
          throw new IllegalArgumentException("unexpected VmHWM line: " + line);
        }
        return Optional.of(Long.parseLong(f[0]));
      }
    }
    return Optional.empty();
  }

  /**
   * The busy ticks of all CPUs of the machine so far (user, nice, system, irq, softirq and steal of
   * the first line of {@code /proc/stat}).
   */
  public static long machineBusyTicks() {
    String line;
    try {
      line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.UTF_8).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/stat", e);
    }
    return parseBusy(line);
  }

  /** The busy ticks of a {@code /proc/stat} "cpu" line. */
  static long parseBusy(String line) {
    String[] f = line.trim().split(" +");
    if (!f[0].equals("cpu")) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
    }
    long busy = 0;
    // f[1..8] = user nice system idle iowait irq softirq steal: all but idle and iowait
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += i < f.length ? Long.parseLong(f[i]) : 0;
    }
    return busy;
  }

  /** Ticks in seconds. */
  public static double seconds(long ticks) {
    return (double) ticks / TICKS_PER_SECOND;
  }

  /** The kernel's clock ticks per second for user space ({@code getconf CLK_TCK}). */
  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("getconf CLK_TCK did not answer in 10 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.exitValue() != 0) {
        throw new IllegalStateException("getconf CLK_TCK failed: " + out);
      }
      return Long.parseLong(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run getconf CLK_TCK", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking getconf CLK_TCK", e);
    }
  }
}
