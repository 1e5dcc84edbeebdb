package org.bftnfs.bench.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.Summary;
import org.bftnfs.bench.results.SummaryRow;
import org.bftnfs.bench.results.TargetInfo;
import org.bftnfs.bench.workload.MicroOp;
import org.bftnfs.bench.workload.Phase;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The PNG charts of a run (grouped bars, one series per target, medians over the repetitions),
 * drawn with XChart in headless AWT.
 */
final class Charts {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 520;

  private final RunResults results;
  private final List<String> targets;

  Charts(RunResults results) {
    this.results = results;
    this.targets = results.targets().stream().map(TargetInfo::name).toList();
  }

  /** Writes every chart that has data into {@code dir}; returns the file names written. */
  List<String> write(Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    List<String> written = new ArrayList<>();
    List<String> phases = new ArrayList<>();
    for (Phase p : Phase.values()) {
      phases.add(p.title());
    }
    save(
        dir,
        "andrew-phases",
        bars(
            "Andrew-style workload: time per phase (median)",
            "seconds",
            Part.ANDREW,
            phases,
            SummaryRow::medianSeconds,
            targets,
            false),
        written);
    List<String> withTotal = new ArrayList<>(phases);
    withTotal.add("Total");
    save(
        dir,
        "andrew-ratio",
        bars(
            "Andrew-style workload: time relative to direct (1 = as fast as nfs-ganesha alone)",
            "ratio to direct",
            Part.ANDREW,
            withTotal,
            SummaryRow::ratio,
            others(),
            false),
        written);
    for (int c : clients()) {
      save(
          dir,
          "micro-throughput-c" + c,
          bars(
              "Microbenchmarks, " + c + " client(s): operations per second (median, log scale)",
              "ops/s",
              Part.MICRO,
              microCases(c),
              SummaryRow::medianOpsPerSecond,
              targets,
              true),
          written);
    }
    int lowest = clients().isEmpty() ? 1 : clients().get(0);
    save(
        dir,
        "micro-latency-c" + lowest,
        bars(
            "Microbenchmarks, " + lowest + " client(s): median latency (log scale)",
            "ms",
            Part.MICRO,
            microCases(lowest),
            SummaryRow::p50Ms,
            targets,
            true),
        written);
    save(
        dir,
        "cpu-per-op-andrew",
        bars(
            "Andrew-style workload: target CPU per operation (all processes of the target, log"
                + " scale)",
            "CPU ms per op",
            Part.ANDREW,
            withTotal,
            SummaryRow::cpuMsPerOp,
            targets,
            true),
        written);
    List<String> cpuCases = new ArrayList<>(microCases(lowest));
    save(
        dir,
        "cpu-per-op-micro",
        bars(
            "Target CPU per operation, "
                + lowest
                + " client(s) (all processes of the target, log"
                + " scale)",
            "CPU ms per op",
            Part.MICRO,
            cpuCases,
            SummaryRow::cpuMsPerOp,
            targets,
            true),
        written);
    save(
        dir,
        "sequential",
        bars(
            "Sequential file: MiB per second (median)",
            "MiB/s",
            Part.SEQUENTIAL,
            List.of("write", "read"),
            SummaryRow::medianMiBPerSecond,
            targets,
            false),
        written);
    return written;
  }

  private List<String> others() {
    return targets.stream().filter(t -> !t.equals(RunResults.BASELINE)).toList();
  }

  private List<Integer> clients() {
    List<Integer> cs = new ArrayList<>();
    for (SummaryRow r : results.summary()) {
      if (r.part() == Part.MICRO) {
        int c = Integer.parseInt(r.caseName().substring(r.caseName().indexOf('@') + 1));
        if (!cs.contains(c)) {
          cs.add(c);
        }
      }
    }
    cs.sort(Integer::compare);
    return cs;
  }

  private static List<String> microCases(int clients) {
    List<String> cases = new ArrayList<>();
    for (MicroOp op : MicroOp.values()) {
      cases.add(op.label() + "@" + clients);
    }
    return cases;
  }

  /**
   * A grouped bar chart of {@code value} for {@code cases} (categories) and {@code series}
   * (targets); categories that some series lacks, or that are not positive on a log axis, are left
   * out. Null when nothing is left.
   */
  private CategoryChart bars(
      String title,
      String yTitle,
      Part part,
      List<String> cases,
      ToDoubleFunction<SummaryRow> value,
      List<String> series,
      boolean log) {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    List<String> categories = new ArrayList<>();
    for (String c : cases) {
      List<Double> row = new ArrayList<>();
      for (String s : series) {
        SummaryRow r = Summary.find(results.summary(), part, c, s);
        double v = r == null ? Double.NaN : value.applyAsDouble(r);
        if (Double.isNaN(v) || (log && v <= 0)) {
          row = null;
          break;
        }
        row.add(v);
      }
      if (row != null) {
        categories.add(c.replace("@", " @"));
        values.put(c, row);
      }
    }
    if (categories.isEmpty() || series.isEmpty()) {
      return null;
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .theme(Styler.ChartTheme.Matlab)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisLogarithmic(log);
    if (log) {
      // bars start at the axis minimum, which a log axis needs set explicitly (above zero)
      double min =
          values.values().stream().flatMap(List::stream).mapToDouble(d -> d).min().orElse(1);
      chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
    }
    chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 20 : 0);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    for (int s = 0; s < series.size(); s++) {
      List<Double> ys = new ArrayList<>();
      for (List<Double> row : values.values()) {
        ys.add(row.get(s));
      }
      chart.addSeries(series.get(s), categories, ys);
    }
    return chart;
  }

  private static void save(Path dir, String name, CategoryChart chart, List<String> written)
      throws IOException {
    if (chart == null) {
      return;
    }
    Path file = dir.resolve(name + ".png");
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    written.add(name + ".png");
  }
}
