package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.testkit.Prerequisite;
import org.bftnfs.testkit.process.BftnfsProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bftnfs bench} at a tiny scale (two targets, one repetition, a few seconds of work), so
 * the benchmark cannot rot: it must finish, and its CSV, JSON, charts and report must exist and
 * parse. No assertion is about speed.
 */
class BenchSmokeIT {

  private static final long LIMIT_S = 300;

  @TempDir Path dir;

  @Test
  @Timeout(LIMIT_S + 30)
  void aTinyRunWritesResultsThatParse() throws IOException, InterruptedException {
    Prerequisite.require(
        GaneshaServer.available(),
        () -> "nfs-ganesha cannot run here: " + GaneshaServer.unavailableReason().orElse(""));
    Path out = dir.resolve("out");
    Path log = dir.resolve("bench.log");
    ChildProcess p =
        BftnfsProcess.start(
            "bftnfs bench",
            log,
            Map.of(),
            List.of(
                "bench",
                "--targets",
                "direct,relay-only",
                "--scale",
                "1",
                "--reps",
                "1",
                "--micro-seconds",
                "0.05",
                "--clients",
                "1,2",
                "--seq-mib",
                "4",
                "--profile",
                "relay-only",
                "--out",
                out.toString(),
                "--work",
                dir.resolve("work").toString()));
    try {
      if (!p.exitedWithin(Duration.ofSeconds(LIMIT_S))) {
        throw new AssertionError("bench did not finish in " + LIMIT_S + " s:\n" + read(log));
      }
    } finally {
      p.close(); // if it still runs: SIGKILL by PID to it and to what it started
    }
    String output = read(log);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("andrew 1/1", "micro 1/1 getattr@2", "seq 1/1", "done: ");

    for (String f :
        List.of("measurements.csv", "summary.csv", "memory.csv", "results.json", "report.md")) {
      assertThat(out.resolve(f)).isNotEmptyFile();
    }
    List<String> memory = Files.readAllLines(out.resolve("memory.csv"), StandardCharsets.UTF_8);
    assertThat(memory.get(0)).isEqualTo("target,role,pid,peak_rss_kib,peak_rss_mib");
    assertThat(memory.subList(1, memory.size()))
        .as("a peak per process: relay-only's relay and ganesha, direct's ganesha, the client")
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(l -> assertThat(Long.parseLong(l.split(",")[3])).isPositive())
        .anySatisfy(l -> assertThat(l).startsWith("relay-only,relay,"))
        .anySatisfy(l -> assertThat(l).startsWith("bench,client,"));
    List<String> csv = Files.readAllLines(out.resolve("summary.csv"), StandardCharsets.UTF_8);
    int columns = csv.get(0).split(",", -1).length;
    assertThat(csv)
        .hasSizeGreaterThan(1)
        .allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(columns));

    Map<String, Object> json =
        new ObjectMapper()
            .readValue(
                read(out.resolve("results.json")), new TypeReference<Map<String, Object>>() {});
    assertThat(json)
        .containsKeys("command", "machine", "targets", "memory", "summary", "measurements");
    assertThat((List<?>) json.get("targets")).hasSize(2);
    assertThat((List<?>) json.get("measurements")).isNotEmpty();
    assertThat(json.get("profile")).isNotNull();

    try (var charts = Files.list(out.resolve("charts"))) {
      List<Path> pngs = charts.toList();
      assertThat(pngs).isNotEmpty();
      for (Path png : pngs) {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
      }
    }
    assertThat(read(out.resolve("report.md")))
        .contains("## Andrew-style workload", "relay-only", "## Profile of one extra Andrew run");
    assertThat(dir.resolve("work/logs")).isDirectory();
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
