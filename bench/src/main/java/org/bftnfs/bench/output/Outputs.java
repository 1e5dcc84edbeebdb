package org.bftnfs.bench.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bftnfs.bench.results.RunResults;

/**
 * Writes a run's results into a directory: {@code measurements.csv}, {@code summary.csv}, {@code
 * memory.csv}, {@code results.json}, {@code charts/*.png} and {@code report.md}.
 */
public final class Outputs {

  /** The files every run writes (charts aside). */
  public static final List<String> FILES =
      List.of("measurements.csv", "summary.csv", "memory.csv", "results.json", "report.md");

  private Outputs() {}

  /** Writes everything; returns the report's path. */
  public static Path write(RunResults results, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("measurements.csv"),
        ResultsCsv.measurements(results.measurements()),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("summary.csv"), ResultsCsv.summary(results.summary()), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("memory.csv"), ResultsCsv.memory(results.memory()), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("results.json"), ResultsJson.of(results), StandardCharsets.UTF_8);
    List<String> charts = new Charts(results).write(dir.resolve("charts"));
    Path report = dir.resolve("report.md");
    Files.writeString(report, new MarkdownReport(results, charts).render(), StandardCharsets.UTF_8);
    return report;
  }
}
