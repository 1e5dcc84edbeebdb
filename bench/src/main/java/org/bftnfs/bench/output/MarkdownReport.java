package org.bftnfs.bench.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.profile.Hot;
import org.bftnfs.bench.profile.RoleProfile;
import org.bftnfs.bench.results.MachineInfo;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.results.ProfileResult;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.Summary;
import org.bftnfs.bench.results.SummaryRow;
import org.bftnfs.bench.results.TargetInfo;
import org.bftnfs.bench.targets.ProcessRole;
import org.bftnfs.bench.workload.MicroOp;
import org.bftnfs.bench.workload.Phase;

/** The markdown report ({@code report.md}) of a run: what ran where, the tables, the charts. */
final class MarkdownReport {

  private final RunResults r;
  private final List<String> targets;
  private final List<String> charts;
  private final StringBuilder b = new StringBuilder();

  MarkdownReport(RunResults results, List<String> charts) {
    this.r = results;
    this.targets = results.targets().stream().map(TargetInfo::name).toList();
    this.charts = charts;
  }

  String render() {
    b.append("# bftnfs benchmark report\n\n");
    b.append("Measured by `bftnfs bench` starting ")
        .append(r.startedAt())
        .append("; the whole run took ")
        .append(f(r.elapsedSeconds() / 60, 1))
        .append(" minutes.\n\n");
    b.append("## Command\n\n```\n").append(r.commandLine()).append("\n```\n\n");
    machine(r.machine());
    b.append("## Settings\n\n| setting | value |\n|---|---|\n");
    r.settings()
        .forEach(
            s -> b.append("| ").append(s.name()).append(" | ").append(s.value()).append(" |\n"));
    b.append('\n');
    targetsSection();
    method();
    conditions();
    andrew();
    micro();
    sequential();
    r.profile().ifPresent(this::profile);
    chartsSection();
    return b.toString();
  }

  private void machine(MachineInfo m) {
    b.append("## Machine\n\n| | |\n|---|---|\n");
    row("cores", Integer.toString(m.cores()));
    row("CPU", m.cpu());
    row("memory", f(m.memoryGiB(), 1) + " GiB");
    row("kernel", m.kernel());
    row("OS", m.os());
    row("JDK", m.jdk());
    row("file system of the targets' data", m.fileSystem());
    row("nfs-ganesha", m.ganesha());
    b.append('\n');
  }

  private void row(String k, String v) {
    b.append("| ").append(k).append(" | ").append(v).append(" |\n");
  }

  private void targetsSection() {
    b.append("## Targets\n\n| target | what | processes at start | idle CPU (% of a core) |\n");
    b.append("|---|---|---|---|\n");
    for (TargetInfo t : r.targets()) {
      b.append("| ")
          .append(t.name())
          .append(" | ")
          .append(t.description())
          .append(" | ")
          .append(String.join(", ", t.processes()))
          .append(" | ")
          .append(f(t.idleCpuPercent(), 1))
          .append(" |\n");
    }
    b.append('\n');
  }

  private void method() {
    b.append("## Method\n\n");
    b.append(
        "- All targets run at the same time on this machine; every comparison is measured in this"
            + " one run, targets interleaved: each repetition runs the case on every target in"
            + " turn, the order rotating with the repetition (A B C, B C A, ...).\n"
            + "- Every target is warmed up first (one Andrew copy and every micro operation"
            + " briefly); the warm-up is not measured.\n"
            + "- Tables show the median over the repetitions and, in brackets, the spread (fastest"
            + " and slowest repetition). Latency percentiles are per repetition, then the median"
            + " of those.\n"
            + "- **ratio** = time per operation on the target ÷ time per operation on `direct` (1.30 ="
            + " 30% slower), from the medians.\n"
            + "- **CPU** = user + system seconds of all processes of the target"
            + " (`/proc/PID/stat`): relay JVM, replica JVMs, nfs-ganesha daemons. The benchmark"
            + " process (the NFS client, and the Make phase's compute) is counted separately as"
            + " client CPU; no target runs inside it. CPU per operation is the figure that carries"
            + " over to one machine per replica; wall time on this machine does not, since all"
            + " replicas share its cores.\n"
            + "- The client is the project's own NFSv3 client (`NfsBackend`, uid 0, one TCP"
            + " connection per client, FILE_SYNC writes, reads and writes split at the server's"
            + " rtmax/wtmax with up to 4 in flight). An operation is one client call.\n\n");
  }

  /** How busy the machine was with other work during the measurements. */
  private void conditions() {
    double wall = 0;
    double machine = 0;
    double other = 0;
    double worst = 0;
    for (Measurement m : r.measurements()) {
      wall += m.seconds();
      machine += m.cpu().machineSeconds();
      other += m.cpu().otherSeconds();
      worst = Math.max(worst, m.cpu().otherSeconds() / m.seconds());
    }
    if (wall == 0) {
      return;
    }
    b.append("## Run conditions\n\n");
    b.append("During the ")
        .append(f(wall, 0))
        .append(" s of measurements the machine's CPUs were busy for ")
        .append(f(machine, 0))
        .append(" CPU s (")
        .append(f(machine / wall, 2))
        .append(" of ")
        .append(r.machine().cores())
        .append(" cores on average); ")
        .append(f(other, 1))
        .append(" CPU s of that (")
        .append(f(other / wall, 2))
        .append(" cores on average, at most ")
        .append(f(worst, 2))
        .append(
            " in one measurement) belonged to neither the measured target nor the client:"
                + " the other targets idling, and anything else running on the machine. The"
                + " \"other load\" columns below show it per case.\n\n");
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
    header("phase", targets);
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
      line(c, cells);
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
    header("phase", targets);
    for (String c : cases) {
      List<String> cells = new ArrayList<>();
      for (String t : targets) {
        SummaryRow s = Summary.find(r.summary(), Part.ANDREW, c, t);
        cells.add(s == null ? "" : f(s.cpuMsPerOp(), 3));
      }
      line(c, cells);
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

  private void profile(ProfileResult p) {
    b.append("## Profile of one extra Andrew run on `").append(p.target()).append("`\n\n");
    SummaryRow measured = Summary.find(r.summary(), Part.ANDREW, "Total", p.target());
    if (measured != null) {
      b.append("The measured runs of the same workload took ")
          .append(f(measured.medianSeconds(), 2))
          .append(" s (median) and ")
          .append(f(measured.cpuSeconds(), 1))
          .append(" CPU s; the difference is what profiling cost.\n\n");
    }
    b.append(
            "JFR (settings \"profile\", execution samples of Java code every 10 ms) in every JVM of")
        .append(" the target, started with `jcmd PID JFR.start` after the measured runs; this run")
        .append(" took ")
        .append(f(p.seconds(), 2))
        .append(" s and ")
        .append(f(p.cpu().targetSeconds(), 1))
        .append(" CPU s (")
        .append(roles(p))
        .append("). Native code (nfs-ganesha, the kernel) is not")
        .append(" sampled; its share is the nfs-ganesha CPU above. Recordings: ")
        .append(String.join(", ", p.files()))
        .append(" (`jfr print --events jdk.ExecutionSample FILE`).\n\n");
    for (RoleProfile role : p.roles()) {
      b.append("### ")
          .append(role.role())
          .append(" (")
          .append(role.processes())
          .append(" JVM")
          .append(role.processes() == 1 ? "" : "s")
          .append(", ")
          .append(role.samples())
          .append(" samples)\n\n");
      b.append(
          "Samples by activity (markers anywhere in the stack):\n\n| activity | samples | share |\n|---|---|---|\n");
      for (Hot h : role.activities()) {
        b.append("| ")
            .append(h.name())
            .append(" | ")
            .append(h.samples())
            .append(" | ")
            .append(f(h.share() * 100, 1))
            .append("% |\n");
      }
      b.append(
          "\nSamples by component (innermost non-JDK frame):\n\n| component | samples | share |\n|---|---|---|\n");
      for (Hot h : role.components()) {
        b.append("| ")
            .append(h.name())
            .append(" | ")
            .append(h.samples())
            .append(" | ")
            .append(f(h.share() * 100, 1))
            .append("% |\n");
      }
      b.append(
          "\nHottest methods (top of stack):\n\n| method | samples | share |\n|---|---|---|\n");
      for (Hot h : role.topMethods()) {
        b.append("| `")
            .append(h.name())
            .append("` | ")
            .append(h.samples())
            .append(" | ")
            .append(f(h.share() * 100, 1))
            .append("% |\n");
      }
      b.append('\n');
    }
  }

  private static String roles(ProfileResult p) {
    List<String> parts = new ArrayList<>();
    p.cpu().byRole().forEach((k, v) -> parts.add(k + " " + f(v, 1)));
    return String.join(", ", parts);
  }

  private void chartsSection() {
    if (charts.isEmpty()) {
      return;
    }
    b.append("## Charts\n\n");
    for (String c : charts) {
      b.append("![").append(c).append("](charts/").append(c).append(")\n\n");
    }
  }

  private void ratios(Part part, List<String> cases, String first) {
    List<String> others = targets.stream().filter(t -> !t.equals(RunResults.BASELINE)).toList();
    if (!targets.contains(RunResults.BASELINE) || others.isEmpty()) {
      return;
    }
    b.append("### Ratio to direct (time per operation; CPU per operation in brackets)\n\n");
    header(first, others);
    for (String c : cases) {
      List<String> cells = new ArrayList<>();
      for (String t : others) {
        SummaryRow s = Summary.find(r.summary(), part, c, t);
        cells.add(s == null ? "" : ratio(s.ratio()) + " (" + ratio(s.cpuRatio()) + ")");
      }
      line(c, cells);
    }
    b.append('\n');
  }

  private List<SummaryRow> rows(Part part) {
    return r.summary().stream().filter(s -> s.part() == part).toList();
  }

  private void header(String first, List<String> columns) {
    b.append("| ")
        .append(first)
        .append(" | ")
        .append(String.join(" | ", columns))
        .append(" |\n|---");
    b.append("|---".repeat(columns.size())).append("|\n");
  }

  private void line(String first, List<String> cells) {
    b.append("| ").append(first).append(" | ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static String role(SummaryRow s, String role) {
    Double v = s.cpuByRole().get(role);
    return v == null ? "–" : f(v, 2);
  }

  private static String ratio(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? "" : "×" + f(d, 2);
  }

  static String f(double d, int decimals) {
    if (Double.isNaN(d)) {
      return "";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", d);
  }
}
