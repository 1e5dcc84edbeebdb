package org.bftnfs.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.targets.JvmHeap;

/**
 * What every bench run over a {@link BenchCluster} does around its measurements: its work
 * directory, the machine's load average for the report, the heap variables of its environment, and
 * the removal of its data at the end.
 */
public final class ClusterRuns {

  private ClusterRuns() {}

  /**
   * The run's work directory: {@code work} (created if needed; it must hold no {@code cluster}
   * yet), or a new temporary directory named from {@code prefix}.
   */
  public static Path workDirectory(Optional<Path> work, String prefix) throws BenchException {
    try {
      if (work.isPresent()) {
        Path dir = Files.createDirectories(work.get()).toAbsolutePath();
        if (Files.exists(dir.resolve("cluster"))) {
          throw new BenchException(dir.resolve("cluster") + " exists: give an empty --work");
        }
        return dir;
      }
      return Files.createTempDirectory(prefix).toAbsolutePath();
    } catch (IOException e) {
      throw new BenchException("cannot create the work directory: " + e.getMessage(), e);
    }
  }

  /** {@code /proc/loadavg} now, or why it cannot be read. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /**
   * The heap variables of this run's environment, as {@code NAME=VALUE } words before a command.
   */
  public static String environment() {
    StringBuilder s = new StringBuilder();
    for (String v :
        List.of(JvmHeap.REPLICA_VARIABLE, JvmHeap.RELAY_VARIABLE, JvmHeap.SERVE_VARIABLE)) {
      String value = System.getenv(v);
      if (value != null) {
        s.append(v).append('=').append(value).append(' ');
      }
    }
    return s.toString();
  }

  /** Removes {@code dir} and everything in it. */
  public static void deleteTree(Path dir) throws BenchException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new BenchException("cannot remove the work directory " + dir + ": " + e, e);
    }
  }
}
