package org.bftnfs.bench.output;

import static org.bftnfs.bench.output.Md.f;

import java.util.List;
import org.bftnfs.bench.results.MachineInfo;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.results.PeakMemory;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.TargetInfo;

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
    memorySection();
    method();
    conditions();
    Md md = new Md(b);
    new ResultTables(r, md).write();
    r.profile().ifPresent(new ProfileSection(r, md)::write);
    if (!r.notes().isEmpty()) {
      b.append("## Notes\n\n");
      r.notes().forEach(n -> b.append("- ").append(n).append('\n'));
      b.append('\n');
    }
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

  private void memorySection() {
    b.append(
        "## Memory\n\nPeak resident memory (VmHWM) of each process over the whole run, read just"
            + " before the targets were stopped. The JVMs run with the heap limits of"
            + " `bin/bftnfs` (replica 512 MiB, relay 256 MiB, serve 512 MiB by default); the"
            + " resident size adds the JVM's own memory (code, metaspace, thread stacks, direct"
            + " buffers) to the heap.\n\n");
    b.append("| target | process | pid | peak RSS (MiB) |\n|---|---|---|---|\n");
    for (PeakMemory m : r.memory()) {
      b.append("| ")
          .append(m.target())
          .append(" | ")
          .append(m.role())
          .append(" | ")
          .append(m.pid())
          .append(" | ")
          .append(f(m.peakRssMib(), 0))
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
            + "- Every target is warmed up first (an Andrew run of up to two copies of another"
            + " tree, and every micro operation briefly); the warm-up is not measured. The"
            + " degraded target loses its replica before its warm-up.\n"
            + "- Replicated targets checkpoint every 1,000 ordered requests (a snapshot of the"
            + " whole abstract state at every replica); a measurement that spans one includes its"
            + " pause, as a user would see it.\n"
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

  private void chartsSection() {
    if (charts.isEmpty()) {
      return;
    }
    b.append("## Charts\n\n");
    for (String c : charts) {
      b.append("![").append(c).append("](charts/").append(c).append(")\n\n");
    }
  }
}
