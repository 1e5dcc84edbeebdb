package org.bftnfs.bench.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.profile.Hot;
import org.bftnfs.bench.profile.RoleProfile;
import org.bftnfs.bench.results.CpuUsage;
import org.bftnfs.bench.results.Latency;
import org.bftnfs.bench.results.MachineInfo;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.results.PeakMemory;
import org.bftnfs.bench.results.ProfileResult;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.Summary;
import org.bftnfs.bench.results.TargetInfo;
import org.bftnfs.bench.workload.MicroOp;
import org.bftnfs.bench.workload.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output of a run, from made-up measurements: the files exist, parse and agree. */
class OutputsTest {

  @TempDir Path dir;

  private static CpuUsage cpu(double s) {
    return new CpuUsage(s, s / 3, Map.of("ganesha", s / 2, "relay", s / 2), 0.01, s + 0.1);
  }

  private static RunResults results() {
    List<Measurement> ms = new ArrayList<>();
    for (int rep = 1; rep <= 2; rep++) {
      for (String t : List.of("direct", "replicated")) {
        double slow = t.equals("direct") ? 1 : 3;
        for (Phase p : Phase.values()) {
          ms.add(
              new Measurement(
                  Part.ANDREW,
                  p.title(),
                  t,
                  rep,
                  0.1 * slow * rep,
                  100,
                  1000,
                  cpu(0.05 * slow),
                  Optional.empty()));
        }
        ms.add(
            new Measurement(
                Part.ANDREW,
                "Total",
                t,
                rep,
                0.5 * slow,
                500,
                5000,
                cpu(0.25 * slow),
                Optional.empty()));
        for (MicroOp op : MicroOp.values()) {
          for (int c : List.of(1, 4)) {
            ms.add(
                new Measurement(
                    Part.MICRO,
                    op.label() + "@" + c,
                    t,
                    rep,
                    0.2,
                    (long) (400 / slow),
                    0,
                    cpu(0.1 * slow),
                    Optional.of(new Latency(10, 0.5 * slow, 2 * slow, 0.6, 3))));
          }
        }
        ms.add(
            new Measurement(
                Part.SEQUENTIAL, "write", t, rep, slow, 4, 16 << 20, cpu(0.3), Optional.empty()));
        ms.add(
            new Measurement(
                Part.SEQUENTIAL,
                "read",
                t,
                rep,
                slow / 2,
                4,
                16 << 20,
                cpu(0.2),
                Optional.empty()));
      }
    }
    RoleProfile role =
        new RoleProfile(
            "replica",
            4,
            100,
            List.of(new Hot("org.bouncycastle.X.mul", 40, 0.4)),
            List.of(new Hot("BFT-SMaRt ordering", 60, 0.6)),
            List.of(new Hot("signing (Ed25519)", 30, 0.3)));
    return new RunResults(
        "bin/bftnfs bench --scale 1",
        "2026-01-01T00:00:00Z",
        65.0,
        new MachineInfo(2, "cpu", 23.5, "6.1", "Debian", "JDK 17", "ext4", "4.3"),
        List.of(new RunResults.Setting("repetitions", "2")),
        List.of(
            new TargetInfo(
                "direct", "nfs-ganesha alone", "127.0.0.1:1/export", List.of("ganesha 1"), 0.0),
            new TargetInfo(
                "replicated",
                "4 replicas",
                "127.0.0.1:2/bftnfs",
                List.of("relay 2", "replica 3"),
                1.5)),
        List.of(
            new PeakMemory("direct", "ganesha", 1, 51_200),
            new PeakMemory("replicated", "relay", 2, 204_800),
            new PeakMemory("replicated", "replica", 3, 460_288),
            new PeakMemory(PeakMemory.BENCH, PeakMemory.CLIENT, 4, 153_600)),
        ms,
        Summary.of(ms, RunResults.BASELINE),
        Optional.of(
            new ProfileResult("replicated", 1.6, cpu(1.0), List.of(role), List.of("r.jfr"))),
        List.of("a note"));
  }

  @Test
  void writesCsvJsonChartsAndTheReport() throws IOException {
    RunResults r = results();
    Path report = Outputs.write(r, dir);
    for (String f : Outputs.FILES) {
      assertThat(dir.resolve(f)).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(dir.resolve("measurements.csv")))
        .hasSize(1 + r.measurements().size());
    assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(1 + r.summary().size());
    String header = Files.readAllLines(dir.resolve("summary.csv")).get(0);
    for (String line : Files.readAllLines(dir.resolve("summary.csv"))) {
      assertThat(line.split(",", -1)).hasSameSizeAs(header.split(",", -1));
    }
    assertThat(Files.readAllLines(dir.resolve("memory.csv")))
        .containsExactly(
            "target,role,pid,peak_rss_kib,peak_rss_mib",
            "direct,ganesha,1,51200,50",
            "replicated,relay,2,204800,200",
            "replicated,replica,3,460288,449.5",
            "bench,client,4,153600,150");
    String json = Files.readString(dir.resolve("results.json"));
    assertThat(json).startsWith("{").contains("\"ratioToBaseline\": 3").contains("\"activities\"");
    assertThat(json)
        .contains("\"memory\"")
        .containsPattern(
            "\"target\": \"replicated\",\\s*\"role\": \"replica\",\\s*\"pid\": 3,"
                + "\\s*\"peakRssKib\": 460288");
    try (var charts = Files.list(dir.resolve("charts"))) {
      List<Path> pngs = charts.toList();
      assertThat(pngs).hasSizeGreaterThanOrEqualTo(7);
      for (Path png : pngs) {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png.toString()).isNotNull();
        assertThat(image.getWidth()).isPositive();
      }
    }
    String md = Files.readString(report);
    assertThat(md)
        .contains("## Command", "## Machine", "## Andrew-style workload", "## Microbenchmarks")
        .contains("## Sequential file", "## Profile of one extra Andrew run", "×3.00")
        .contains("![andrew-phases.png](charts/andrew-phases.png)")
        .contains("## Notes\n\n- a note")
        .contains(
            "## Memory", "| replicated | replica | 3 | 450 |", "| bench | client | 4 | 150 |");
  }
}
