package org.bftnfs.bench.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bftnfs.bench.BenchUsageException;
import org.bftnfs.bench.results.MachineInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsReportTest {

  /** {@code calls} WRITEs of {@code ms} ms, one of which (under 1%) took {@code slowMs}. */
  private static Latencies writes(int calls, long ms, long slowMs) {
    long[] nanos = new long[calls];
    Arrays.fill(nanos, ms * 1_000_000);
    nanos[0] = slowMs * 1_000_000;
    return new Latencies(nanos, Duration.ofSeconds(20));
  }

  private static CheckpointsResults.Size size(
      int files, int created, double meanMs, double maxMs, Latencies w) {
    return new CheckpointsResults.Size(
        files,
        (files + 999) / 1000,
        created,
        Duration.ofMillis(created * 5L),
        new CheckpointTally.Checkpoints(40, 0.004, 0.009, 38),
        new CheckpointTally.Checkpoints(36, meanMs / 1000, maxMs / 1000, 36),
        w);
  }

  private static CheckpointsResults results(Optional<String> failure, CheckpointsResults.Size... s)
      throws BenchUsageException {
    return results(failure, Optional.empty(), s);
  }

  private static CheckpointsResults results(
      Optional<String> failure, Optional<String> leftOut, CheckpointsResults.Size... s)
      throws BenchUsageException {
    return new CheckpointsResults(
        CheckpointsOptionsTest.parse("--files", "1000,10000,100000"),
        new MachineInfo(2, "cpu", 23.5, "k", "os", "jdk", "ext4", "4.3"),
        "2026-12-07T20:00:00Z",
        "1.00 1.00 1.00 1/1 1",
        "2.00 2.00 2.00 1/1 1",
        List.of(s),
        failure,
        leftOut,
        "512m",
        "",
        3,
        Duration.ofMinutes(9));
  }

  @Test
  void showsARowPerFileCountAndHowTheLargestComparesWithTheSmallest() throws Exception {
    String md =
        CheckpointsReport.markdown(
            results(
                Optional.empty(),
                size(1000, 1000, 2.5, 4.0, writes(1300, 15, 200)),
                size(10000, 9000, 2.6, 5.0, writes(1300, 15, 210)),
                size(100000, 90000, 3.0, 6.5, writes(1250, 16, 220))));
    assertThat(md)
        .startsWith("# Checkpoint cost against file-system size\n")
        .contains("bin/bftnfs bench checkpoints --files 1000,10000,100000\n")
        .contains("| cores | 2 |")
        .contains("| ordering.checkpointPeriod | 128 |")
        .contains("12 concurrent clients")
        .contains("round-robin over 4 files of 1024 KiB")
        .contains("| client calls answered JUKEBOX and retried | 3 (")
        .contains("| 1,000 | 36 | 2.50 | 4.00 | 15.00 | 15.00 | **1.00** | 65.0 (1300 calls) |")
        .contains("| 100,000 | 36 | 3.00 | 6.50 | 16.00 | 16.00 | **1.00** | 62.5 (1250 calls) |")
        .contains(
            "From 1,000 to 100,000 files (×100): mean checkpoint time ×1.20, WRITE median ×1.07,"
                + " WRITE p99 ×1.07.")
        .contains("p99 ÷ median of a replicated WRITE is under 4 at 3 of 3 file counts.")
        .contains("| 10,000 | 9,000 | 45.0 | 200.0 | 10 | 40 | 4.00 | 9.00 |")
        .contains("## Method")
        .doesNotContain("stopped before");
  }

  @Test
  void aFailedFileCountIsSaidAndNoCheckpointShowsAsADash() throws Exception {
    CheckpointsResults.Size quiet =
        new CheckpointsResults.Size(
            1000,
            1,
            1000,
            Duration.ofSeconds(10),
            new CheckpointTally.Checkpoints(0, Double.NaN, Double.NaN, 0),
            new CheckpointTally.Checkpoints(0, Double.NaN, Double.NaN, 0),
            writes(100, 10, 100));
    String md =
        CheckpointsReport.markdown(
            results(Optional.of("10000 files: creating the files failed: boom"), quiet));
    assertThat(md)
        .contains("| 1,000 | 0 | – | – | 10.00 | 10.00 | **1.00** |")
        .contains("The run stopped before its last file count: 10000 files: creating the files")
        .doesNotContain("From 1,000")
        .contains("under 4 at 1 of 1 file counts");
  }

  @Test
  void fileCountsLeftOutForTheirCreationTimeAreSaid() throws Exception {
    String md =
        CheckpointsReport.markdown(
            results(
                Optional.empty(),
                Optional.of("100,000 files and more left out: creating 90,000 more files"),
                size(1000, 1000, 2.5, 4.0, writes(1300, 15, 200))));
    assertThat(md).contains("\nNot measured: 100,000 files and more left out: creating 90,000");
  }

  @Test
  void writesTheFile(@TempDir Path dir) throws Exception {
    Path file =
        CheckpointsReport.write(
            results(Optional.empty(), size(1000, 1000, 1, 2, writes(100, 10, 10))),
            dir.resolve("out"));
    assertThat(file.getFileName().toString()).isEqualTo("checkpoints.md");
    assertThat(Files.readString(file)).contains("| 1,000 |");
  }
}
