package org.bftnfs.bench.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.targets.ProcessRole;

/**
 * Java Flight Recorder recordings of running JVMs, started and stopped from outside with {@code
 * jcmd PID JFR.start|JFR.stop}, so the measured runs are not profiled and only the extra profiled
 * run is. The settings ({@code execution-samples.jfc}) record execution samples of Java code every
 * 10 ms and nothing else.
 *
 * <p>The first recording in a JVM costs it a burst of work (JFR starts up and compiled code is
 * thrown away and compiled again); {@link #prime} takes that cost before the warm-up, so the
 * profiled run looks like the measured ones.
 */
public final class JfrRecorder {

  private static final String NAME = "bftnfs-bench";
  private static final String SETTINGS = "execution-samples.jfc";
  private static final long JCMD_TIMEOUT_S = 120;

  private final Path jcmd;
  private final Path dir;

  /**
   * A recording of one process.
   *
   * @param pid the process
   * @param role its role in the target
   * @param file where the recording is written when it stops
   */
  public record Recording(long pid, String role, Path file) {}

  /**
   * @param jcmd the jcmd executable
   * @param dir where recordings are written
   */
  public JfrRecorder(Path jcmd, Path dir) {
    this.jcmd = jcmd;
    this.dir = dir;
  }

  /** A short recording in every JVM among {@code processes}, thrown away. */
  public void prime(String target, List<ProcessRole> processes)
      throws BenchException, InterruptedException {
    List<Recording> recordings = start(target + "-priming", processes);
    stop(recordings);
    for (Recording r : recordings) {
      try {
        Files.deleteIfExists(r.file());
      } catch (IOException e) {
        throw new BenchException("cannot remove " + r.file() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Starts a recording in every JVM among {@code processes} (the relay and replicas). */
  public List<Recording> start(String target, List<ProcessRole> processes)
      throws BenchException, InterruptedException {
    Path settings = settings();
    List<Recording> started = new ArrayList<>();
    for (ProcessRole p : processes) {
      if (!p.role().equals(ProcessRole.RELAY) && !p.role().equals(ProcessRole.REPLICA)) {
        continue;
      }
      Path file = dir.resolve(target + "-" + p.role() + "-" + p.pid() + ".jfr").toAbsolutePath();
      jcmd(
          p.pid(),
          "Started recording",
          "JFR.start",
          "name=" + NAME,
          "settings=" + settings,
          "filename=" + file);
      started.add(new Recording(p.pid(), p.role(), file));
    }
    return started;
  }

  /** Stops the recordings, which writes their files. */
  public void stop(List<Recording> recordings) throws BenchException, InterruptedException {
    for (Recording r : recordings) {
      jcmd(r.pid(), "Stopped recording", "JFR.stop", "name=" + NAME);
    }
  }

  /** The settings file, written next to the recordings. */
  private Path settings() throws BenchException {
    Path file = dir.resolve(SETTINGS).toAbsolutePath();
    try (InputStream in = JfrRecorder.class.getResourceAsStream(SETTINGS)) {
      if (in == null) {
        throw new BenchException("resource " + SETTINGS + " is missing from the build");
      }
      Files.createDirectories(dir);
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void jcmd(long pid, String expect, String... args)
      throws BenchException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(JCMD_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new BenchException(
            String.join(" ", command) + ": no answer in " + JCMD_TIMEOUT_S + " s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0 || !out.contains(expect)) {
        throw new BenchException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (IOException e) {
      throw new BenchException("cannot run " + jcmd + ": " + e.getMessage(), e);
    }
  }
}
