package org.bftnfs.bench.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.results.PeakMemory;
import org.bftnfs.bench.results.SummaryRow;
import org.bftnfs.bench.targets.ProcessRole;

/**
 * The results as CSV (RFC 4180, a header line, '.' decimals, empty cells for values that do not
 * apply): {@code measurements.csv} has every repetition, {@code summary.csv} one row per part, case
 * and target, {@code memory.csv} the peak resident memory of every process.
 */
final class ResultsCsv {

  private static final List<String> ROLES =
      List.of(ProcessRole.RELAY, ProcessRole.REPLICA, ProcessRole.GANESHA);

  private ResultsCsv() {}

  static String measurements(List<Measurement> ms) {
    StringBuilder b =
        new StringBuilder(
            "part,case,target,rep,seconds,ops,bytes,ops_per_s,target_cpu_s,target_sys_s,client_cpu_s,"
                + "cpu_ms_per_op,cpu_relay_s,cpu_replica_s,cpu_ganesha_s,machine_cpu_s,other_cpu_s,"
                + "p50_ms,p99_ms,mean_ms,"
                + "max_ms\n");
    for (Measurement m : ms) {
      List<String> cells = new ArrayList<>();
      cells.add(m.part().label());
      cells.add(m.caseName());
      cells.add(m.target());
      cells.add(Integer.toString(m.rep()));
      cells.add(num(m.seconds()));
      cells.add(Long.toString(m.ops()));
      cells.add(Long.toString(m.bytes()));
      cells.add(num(m.opsPerSecond()));
      cells.add(num(m.cpu().targetSeconds()));
      cells.add(num(m.cpu().systemSeconds()));
      cells.add(num(m.cpu().clientSeconds()));
      cells.add(num(m.cpuMsPerOp()));
      for (String role : ROLES) {
        cells.add(num(m.cpu().byRole().getOrDefault(role, 0.0)));
      }
      cells.add(num(m.cpu().machineSeconds()));
      cells.add(num(m.cpu().otherSeconds()));
      if (m.latency().isPresent()) {
        cells.add(num(m.latency().get().p50Ms()));
        cells.add(num(m.latency().get().p99Ms()));
        cells.add(num(m.latency().get().meanMs()));
        cells.add(num(m.latency().get().maxMs()));
      } else {
        cells.addAll(List.of("", "", "", ""));
      }
      line(b, cells);
    }
    return b.toString();
  }

  static String memory(List<PeakMemory> peaks) {
    StringBuilder b = new StringBuilder("target,role,pid,peak_rss_kib,peak_rss_mib\n");
    for (PeakMemory m : peaks) {
      line(
          b,
          List.of(
              m.target(),
              m.role(),
              Long.toString(m.pid()),
              Long.toString(m.peakRssKib()),
              num(m.peakRssMib())));
    }
    return b.toString();
  }

  static String summary(List<SummaryRow> rows) {
    StringBuilder b =
        new StringBuilder(
            "part,case,target,reps,median_s,min_s,max_s,ops,median_ops_per_s,min_ops_per_s,"
                + "max_ops_per_s,median_mib_per_s,p50_ms,p99_ms,cpu_s,sys_share,cpu_ms_per_op,"
                + "client_cpu_ms_per_op,ratio_to_direct,cpu_ratio_to_direct,cpu_relay_s,"
                + "cpu_replica_s,cpu_ganesha_s,other_cores\n");
    for (SummaryRow r : rows) {
      List<String> cells = new ArrayList<>();
      cells.add(r.part().label());
      cells.add(r.caseName());
      cells.add(r.target());
      cells.add(Integer.toString(r.reps()));
      cells.add(num(r.medianSeconds()));
      cells.add(num(r.minSeconds()));
      cells.add(num(r.maxSeconds()));
      cells.add(Long.toString(r.ops()));
      cells.add(num(r.medianOpsPerSecond()));
      cells.add(num(r.minOpsPerSecond()));
      cells.add(num(r.maxOpsPerSecond()));
      cells.add(num(r.medianMiBPerSecond()));
      cells.add(num(r.p50Ms()));
      cells.add(num(r.p99Ms()));
      cells.add(num(r.cpuSeconds()));
      cells.add(num(r.systemShare()));
      cells.add(num(r.cpuMsPerOp()));
      cells.add(num(r.clientCpuMsPerOp()));
      cells.add(num(r.ratio()));
      cells.add(num(r.cpuRatio()));
      for (String role : ROLES) {
        cells.add(num(r.cpuByRole().getOrDefault(role, 0.0)));
      }
      cells.add(num(r.otherCores()));
      line(b, cells);
    }
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(cell(cells.get(i)));
    }
    b.append('\n');
  }

  /** A cell, quoted when it holds a comma, a quote or a line break. */
  static String cell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** A number with up to 6 significant digits; empty for NaN. */
  static String num(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "";
    }
    return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
