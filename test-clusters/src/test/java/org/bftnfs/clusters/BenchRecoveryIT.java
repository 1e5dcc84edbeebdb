package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.testkit.process.BftnfsProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bftnfs bench recovery} end to end on a tiny file system (4 files of 1 MiB, checkpoint
 * period 20): it starts its cluster, recovers a replica three times (0%, 1% and 100% of its files
 * corrupt), lets it fall behind by one rewritten file, measures throughput during a recovery, stops
 * every process it started, and writes a report whose figures show the corrupted and changed files
 * fetched.
 */
@Timeout(420)
class BenchRecoveryIT {

  @Test
  void measuresRecoveriesAndWritesTheReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path work = dir.resolve("work");
    try (ChildProcess bench =
        BftnfsProcess.start(
            "bench recovery",
            dir.resolve("bench.log"),
            Map.of(),
            List.of(
                "bench",
                "recovery",
                "--size-mib",
                "4",
                "--files",
                "4",
                "--checkpoint-period",
                "20",
                "--load-seconds",
                "1",
                "--out",
                out.toString(),
                "--work",
                work.toString()))) {
      assertThat(bench.awaitExit(Duration.ofSeconds(400))).as(bench.tail()).isZero();
      checkReport(bench, Files.readString(out.resolve("recovery.md")));
    } catch (AssertionError | RuntimeException e) {
      keepLogs(work.resolve("cluster").resolve("logs"));
      throw e;
    }
  }

  /**
   * Copies the cluster's logs (the temporary directory is deleted after the test) to {@code
   * target/BenchRecoveryIT-logs}, so that a failure in CI can be read.
   */
  private static void keepLogs(Path logs) throws IOException {
    Path kept = Path.of("target", "BenchRecoveryIT-logs");
    if (!Files.isDirectory(logs)) {
      return;
    }
    Files.createDirectories(kept);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.toList()) {
        Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.err.println("BenchRecoveryIT: the cluster's logs are kept in " + kept.toAbsolutePath());
  }

  private static void checkReport(ChildProcess bench, String report) {
    // 0%: nothing corrupt, at most the tick file written after the last checkpoint differs
    assertThat(report)
        .containsPattern("\\| 0% \\| 0 \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| [01] \\|");
    // 1% of 4 files is one file, 100% all four: each recovery fetched at least those
    assertThat(report)
        .containsPattern("\\| 1% \\| 1 \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| [12] \\|");
    assertThat(report)
        .containsPattern("\\| 100% \\| 4 \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| [45] \\|");
    // one file of 1 MiB rewritten, plus the tick file: exactly those two fetched
    assertThat(report).contains("| 2 (1 file + the tick file) | 1.0 MiB | 2 | 1.0 MiB |");
    assertThat(report).contains("## Throughput during a recovery");
    assertThat(bench.output()).doesNotContain("failed");
  }
}
