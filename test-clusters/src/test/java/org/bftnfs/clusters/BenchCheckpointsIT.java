package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.testkit.process.BftnfsProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bftnfs bench checkpoints} end to end on a tiny file system (100 then 300 files,
 * checkpoint period 20, a 3 s load): it starts its cluster, grows the file system through the relay
 * with concurrent clients, times the WRITE load while reading the replicas' checkpoint metrics,
 * stops every process it started, and writes a report with a row of sane figures per file count.
 */
@Timeout(300)
class BenchCheckpointsIT {

  /** A row of the results table: files, checkpoints, mean, max, median, p99, ratio, calls/s. */
  private static final Pattern ROW =
      Pattern.compile(
          "\\| ([0-9,]+) \\| (\\d+) \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\|"
              + " \\*\\*([0-9.]+)\\*\\* \\| ([0-9.]+) \\((\\d+) calls\\) \\|");

  @Test
  void measuresCheckpointsAndWritesAtEachFileCount(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path work = dir.resolve("work");
    try (ChildProcess bench =
        BftnfsProcess.start(
            "bench checkpoints",
            dir.resolve("bench.log"),
            Map.of(),
            List.of(
                "bench",
                "checkpoints",
                "--files",
                "100,300",
                "--seconds",
                "3",
                "--checkpoint-period",
                "20",
                "--clients",
                "4",
                "--out",
                out.toString(),
                "--work",
                work.toString()))) {
      assertThat(bench.awaitExit(Duration.ofSeconds(280))).as(bench.tail()).isZero();
      checkReport(Files.readString(out.resolve("checkpoints.md")));
      assertThat(bench.output()).doesNotContain("failed");
    } catch (AssertionError | RuntimeException e) {
      keepLogs(work.resolve("cluster").resolve("logs"));
      throw e;
    }
  }

  private static void checkReport(String report) {
    Matcher m = ROW.matcher(report);
    int rows = 0;
    while (m.find()) {
      rows++;
      int files = Integer.parseInt(m.group(1).replace(",", ""));
      assertThat(files).isEqualTo(rows == 1 ? 100 : 300);
      assertThat(Long.parseLong(m.group(2)))
          .as("checkpoints during a 3 s load at period 20 (four replicas)")
          .isPositive();
      double mean = Double.parseDouble(m.group(3));
      double max = Double.parseDouble(m.group(4));
      assertThat(mean).isPositive().isLessThan(5_000);
      assertThat(max).isPositive().isLessThan(5_000);
      double median = Double.parseDouble(m.group(5));
      double p99 = Double.parseDouble(m.group(6));
      assertThat(median).isPositive().isLessThanOrEqualTo(p99);
      assertThat(Double.parseDouble(m.group(7))).isGreaterThanOrEqualTo(1.0);
      assertThat(Double.parseDouble(m.group(8))).isPositive();
      assertThat(Long.parseLong(m.group(9))).isPositive();
    }
    assertThat(rows).as(report).isEqualTo(2);
    assertThat(report)
        .contains("bin/bftnfs bench checkpoints --files 100,300")
        .containsPattern("\\| 300 \\| 200 \\| [0-9.]+ \\| [0-9.]+ \\| 1 \\|")
        .contains("## Method");
  }

  /** Copies the cluster's logs to {@code target/BenchCheckpointsIT-logs} for a failure in CI. */
  private static void keepLogs(Path logs) throws IOException {
    Path kept = Path.of("target", "BenchCheckpointsIT-logs");
    if (!Files.isDirectory(logs)) {
      return;
    }
    Files.createDirectories(kept);
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.toList()) {
        Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.err.println(
        "BenchCheckpointsIT: the cluster's logs are kept in " + kept.toAbsolutePath());
  }
}
