package org.bftnfs.bench.output;

import static org.bftnfs.bench.output.Md.f;
import static org.bftnfs.bench.output.Md.ratio;

import java.util.ArrayList;
import java.util.List;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.Summary;
import org.bftnfs.bench.results.SummaryRow;
import org.bftnfs.bench.results.TargetInfo;
import org.bftnfs.bench.targets.ProcessRole;
import org.bftnfs.bench.workload.MicroOp;
import org.bftnfs.bench.workload.Phase;

/** The report's result tables: Andrew-style workload, microbenchmarks, sequential file. */
final class ResultTables {

  private final RunResults r;
  private final List<String> targets;
  private final Md md;
  private final StringBuilder b;

  ResultTables(RunResults results, Md md) {
    this.r = results;
    this.targets = results.targets().stream().map(TargetInfo::name).toList();
    this.md = md;
    this.b = md.out();
  }

  /** All three parts, each only if it ran. */
  void write() {
    andrew();
    micro();
    sequential();
  }

  private void andrew() {
    if (rows(Part.ANDREW).isEmpty()) {
      return;
    }
    List<String> cases = new ArrayList<>();
    for (Phase p : Phase.values()) {
      cases.add(p.title());
    }
    cases.add("Total");
    b.append("## Andrew-style workload\n\n### Time per phase, seconds\n\n");
    md.header("phase", targets);
    for (String c : cases) {
      List<String> cells = new ArrayList<>();
      for (String t : targets) {
        SummaryRow s = Summary.find(r.summary(), Part.ANDREW, c, t);
        cells.add(
            s == null
                ? ""
                : f(s.medianSeconds(), 3)
                    + " ["
                    + f(s.minSeconds(), 3)
                    + "–"
                    + f(s.maxSeconds(), 3)
                    + "]");
      }
      md.line(c, cells);
    }
    b.append('\n');
    ratios(Part.ANDREW, cases, "phase");
    b.append("### Operations and CPU, whole workload (Total)\n\n");
    b.append(
        "| target | client ops | target CPU s | in kernel | CPU ms/op | relay CPU s | replicas CPU s | nfs-ganesha CPU s | CPU ratio to direct | client CPU ms/op | other load (cores) |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (String t : targets) {
      SummaryRow s = Summary.find(r.summary(), Part.ANDREW, "Total", t);
      if (s != null) {
        b.append("| ")
            .append(t)
            .append(" | ")
            .append(s.ops())
            .append(" | ")
            .append(f(s.cpuSeconds(), 2))
            .append(" | ")
            .append(f(s.systemShare() * 100, 0))
            .append("% | ")
            .append(f(s.cpuMsPerOp(), 3))
            .append(" | ")
            .append(role(s, ProcessRole.RELAY))
            .append(" | ")
            .append(role(s, ProcessRole.REPLICA))
            .append(" | ")
            .append(role(s, ProcessRole.GANESHA))
            .append(" | ")
            .append(ratio(s.cpuRatio()))
            .append(" | ")
            .append(f(s.clientCpuMsPerOp(), 3))
            .append(" | ")
            .append(f(s.otherCores(), 2))
            .append(" |\n");
      }
    }
    b.append("\n### CPU ms per operation, per phase\n\n");
    md.header("phase", targets);
    for (String c : cases) {
      List<String> cells = new ArrayList<>();
      for (String t : targets) {
        SummaryRow s = Summary.find(r.summary(), Part.ANDREW, c, t);
        cells.add(s == null ? "" : f(s.cpuMsPerOp(), 3));
      }
      md.line(c, cells);
    }
    b.append('\n');
  }

  private void micro() {
    List<SummaryRow> micro = rows(Part.MICRO);
    if (micro.isEmpty()) {
      return;
    }
    List<Integer> clients = new ArrayList<>();
    for (SummaryRow s : micro) {
      int c = Integer.parseInt(s.caseName().substring(s.caseName().indexOf('@') + 1));
      if (!clients.contains(c)) {
        clients.add(c);
      }
    }
    b.append("## Microbenchmarks\n\n");
    List<String> cases = new ArrayList<>();
    for (int c : clients) {
      for (MicroOp op : MicroOp.values()) {
        if (Summary.find(r.summary(), Part.MICRO, op.label() + "@" + c, targets.get(0)) != null) {
          cases.add(op.label() + "@" + c);
        }
      }
    }
    b.append("`op@N` = operation with N concurrent clients.\n\n");
    ratios(Part.MICRO, cases, "operation");
    for (int c : clients) {
      b.append("### ").append(c).append(c == 1 ? " client" : " concurrent clients").append("\n\n");
      b.append(
          "| operation | target | ops/s [spread] | p50 ms | p99 ms | ratio | CPU ms/op | CPU ratio | other load (cores) |\n");
      b.append("|---|---|---|---|---|---|---|---|---|\n");
      for (MicroOp op : MicroOp.values()) {
        for (String t : targets) {
          SummaryRow s = Summary.find(r.summary(), Part.MICRO, op.label() + "@" + c, t);
          if (s == null) {
            continue;
          }
          b.append("| ")
              .append(op.title())
              .append(" | ")
              .append(t)
              .append(" | ")
              .append(f(s.medianOpsPerSecond(), 0))
              .append(" [")
              .append(f(s.minOpsPerSecond(), 0))
              .append("–")
              .append(f(s.maxOpsPerSecond(), 0))
              .append("] | ")
              .append(f(s.p50Ms(), 3))
              .append(" | ")
              .append(f(s.p99Ms(), 3))
              .append(" | ")
              .append(ratio(s.ratio()))
              .append(" | ")
              .append(f(s.cpuMsPerOp(), 3))
              .append(" | ")
              .append(ratio(s.cpuRatio()))
              .append(" | ")
              .append(f(s.otherCores(), 2))
              .append(" |\n");
        }
      }
      b.append('\n');
    }
  }

  private void sequential() {
    if (rows(Part.SEQUENTIAL).isEmpty()) {
      return;
    }
    b.append("## Sequential file\n\n");
    b.append(
        "| target | case | seconds [spread] | MiB/s | ratio | target CPU s | CPU ms per MiB |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (String c : List.of("write", "read")) {
      for (String t : targets) {
        SummaryRow s = Summary.find(r.summary(), Part.SEQUENTIAL, c, t);
        if (s == null) {
          continue;
        }
        double mib = s.medianMiBPerSecond() * s.medianSeconds();
        b.append("| ")
            .append(t)
            .append(" | ")
            .append(c)
            .append(" | ")
            .append(f(s.medianSeconds(), 2))
            .append(" [")
            .append(f(s.minSeconds(), 2))
            .append("–")
            .append(f(s.maxSeconds(), 2))
            .append("] | ")
            .append(f(s.medianMiBPerSecond(), 1))
            .append(" | ")
            .append(ratio(s.ratio()))
            .append(" | ")
            .append(f(s.cpuSeconds(), 2))
            .append(" | ")
            .append(f(s.cpuSeconds() * 1e3 / mib, 2))
            .append(" |\n");
      }
    }
    b.append('\n');
  }

  private void ratios(Part part, List<String> cases, String first) {
    List<String> others = targets.stream().filter(t -> !t.equals(RunResults.BASELINE)).toList();
    if (!targets.contains(RunResults.BASELINE) || others.isEmpty()) {
      return;
    }
    b.append("### Ratio to direct (time per operation; CPU per operation in brackets)\n\n");
    md.header(first, others);
    for (String c : cases) {
      List<String> cells = new ArrayList<>();
      for (String t : others) {
        SummaryRow s = Summary.find(r.summary(), part, c, t);
        if (s == null) {
          cells.add("");
        } else if (Double.isNaN(s.cpuRatio())) {
          cells.add(ratio(s.ratio()));
        } else {
          cells.add(ratio(s.ratio()) + " (" + ratio(s.cpuRatio()) + ")");
        }
      }
      md.line(c, cells);
    }
    b.append('\n');
  }

  private List<SummaryRow> rows(Part part) {
    return r.summary().stream().filter(s -> s.part() == part).toList();
  }

  private static String role(SummaryRow s, String role) {
    Double v = s.cpuByRole().get(role);
    return v == null ? "–" : f(v, 2);
  }
}
