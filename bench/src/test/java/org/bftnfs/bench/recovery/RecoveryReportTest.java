package org.bftnfs.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bftnfs.bench.BenchUsageException;
import org.bftnfs.bench.cluster.BenchCluster;
import org.bftnfs.bench.cluster.InstalledCheckpoint;
import org.bftnfs.bench.results.MachineInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecoveryReportTest {

  private static RecoveryResults results(Duration longestStart) throws BenchUsageException {
    RecoveryCommand command = new RecoveryCommand(System.out, System.err);
    new CommandLine(command).parseArgs("--size-mib", "1024", "--files", "256");
    RecoveryOptions options = command.options();
    BenchCluster.Restart quick =
        new BenchCluster.Restart(
            new InstalledCheckpoint(3, 1000, 1, 84, 6, 1),
            Duration.ofMillis(6230),
            Optional.of(Duration.ofMillis(4270)));
    BenchCluster.Restart full =
        new BenchCluster.Restart(
            new InstalledCheckpoint(3, 2000, 257, 1_073_800_000L, 30, 257),
            longestStart,
            Optional.empty());
    BenchCluster.Restart behind =
        new BenchCluster.Restart(
            new InstalledCheckpoint(3, 4000, 4, 12_583_300, 9, 4),
            Duration.ofMillis(3820),
            Optional.of(Duration.ofMillis(2000)));
    return new RecoveryResults(
        options,
        new MachineInfo(2, "cpu", 23.5, "k", "os", "jdk", "ext4", "4.3"),
        "2026-12-07T13:00:00Z",
        "1.00 1.00 1.00 1/1 1",
        "2.00 2.00 2.00 1/1 1",
        1L << 30,
        Duration.ofSeconds(128),
        List.of(
            RecoveryResults.Recovery.done(0, 0, Duration.ofMillis(100), quick),
            RecoveryResults.Recovery.done(100, 256, Duration.ofMillis(500), full)),
        new RecoveryResults.Transfer(3, 4, 3L * (4 << 20) + 8, Duration.ofMillis(90), behind),
        new RecoveryResults.Throughput(
            356, Duration.ofSeconds(10), 252, Duration.ofSeconds(6), quick),
        "3g",
        "BFTNFS_REPLICA_HEAP=3g ",
        2,
        Duration.ofMinutes(20));
  }

  @Test
  void showsEveryFigureMeasured() throws BenchUsageException {
    String md = RecoveryReport.markdown(results(Duration.ofMillis(20_000)));
    assertThat(md)
        .contains("BFTNFS_REPLICA_HEAP=3g bin/bftnfs bench recovery --size-mib 1024 --files 256")
        .contains(
            "1.00 GiB: 256 files of 4.0 MiB, written through the relay in 128.0 s (8.0 MiB/s)")
        .contains("| 0% | 0 | 0.10 | 4.27 | 6.23 | **6.33** | 1 | 84 B | 6 | 1 |")
        .contains("| 100% | 256 | 0.50 | – | 20.00 | **20.50** | 257 | 1.00 GiB | 30 | 257 |")
        .contains(
            "| 4 (3 files + the tick file) | 12.0 MiB | 4 | 12.0 MiB | **1.000** | 9 | 3.82 |")
        .contains("| 35.6 (356 calls) | 42.0 (252 calls) | **1.18** |")
        .contains("240 + max(48, 20.50) = **288.00 s**")
        .contains("the recovery ends within its 48 s slot");
  }

  @Test
  void aRecoveryLongerThanTheStaggerWidensTheWindow() throws BenchUsageException {
    String md = RecoveryReport.markdown(results(Duration.ofMillis(59_500)));
    assertThat(md)
        .contains("240 + max(48, 60.00) = **300.00 s** (5.0 minutes)")
        .contains("does NOT end within its 48 s slot");
  }

  @Test
  void aFailedRecoveryIsShownAndLeftOutOfTheWindow() throws BenchUsageException {
    RecoveryResults ok = results(Duration.ofMillis(20_000));
    RecoveryResults r =
        new RecoveryResults(
            ok.options(),
            ok.machine(),
            ok.started(),
            ok.loadBefore(),
            ok.loadAfter(),
            ok.fillBytes(),
            ok.fill(),
            List.of(
                ok.recoveries().get(0),
                RecoveryResults.Recovery.failed(
                    100,
                    256,
                    Duration.ofMillis(300),
                    "exited with status 1: Exception in thread \"Server CS\""
                        + " java.lang.OutOfMemoryError: Java heap space")),
            ok.transfer(),
            ok.throughput(),
            ok.replicaHeap(),
            ok.environment(),
            ok.jukeboxRetries(),
            ok.total());
    assertThat(r.longestRecovery()).isEqualTo(Duration.ofMillis(6330));
    String md = RecoveryReport.markdown(r);
    assertThat(md)
        .contains(
            "| 100% | 256 | 0.30 | FAILED: exited with status 1: Exception in thread \"Server CS\""
                + " java.lang.OutOfMemoryError: Java heap space |")
        .contains("240 + max(48, 6.33) = **288.00 s**")
        .contains("A recovery failed (above)")
        .contains("| replica heap (-Xmx) | 3g |")
        .contains("| client calls answered JUKEBOX and retried | 2 (a call is retried at most 10");
  }

  @Test
  void writesRecoveryMdIntoTheOutputDirectory(@TempDir Path dir) throws Exception {
    Path file = RecoveryReport.write(results(Duration.ofSeconds(1)), dir.resolve("out"));
    assertThat(file).isEqualTo(dir.resolve("out").resolve("recovery.md"));
    assertThat(Files.readString(file)).startsWith("# Recovery and state transfer");
  }

  @Test
  void formatsUnitsAndPercentages() {
    assertThat(RecoveryReport.bytes(512)).isEqualTo("512 B");
    assertThat(RecoveryReport.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(RecoveryReport.bytes(64L << 20)).isEqualTo("64.0 MiB");
    assertThat(RecoveryReport.bytes(1L << 30)).isEqualTo("1.00 GiB");
    assertThat(RecoveryReport.percent(1)).isEqualTo("1");
    assertThat(RecoveryReport.percent(0.5)).isEqualTo("0.5");
  }
}
