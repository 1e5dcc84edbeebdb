package org.bftnfs.bench.output;

import static org.bftnfs.bench.output.Md.f;

import java.util.ArrayList;
import java.util.List;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.profile.Hot;
import org.bftnfs.bench.profile.RoleProfile;
import org.bftnfs.bench.results.ProfileResult;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.Summary;
import org.bftnfs.bench.results.SummaryRow;

/** The report's profile section: the JFR rankings of the profiled run, by role. */
final class ProfileSection {

  private final RunResults r;
  private final StringBuilder b;

  ProfileSection(RunResults results, Md md) {
    this.r = results;
    this.b = md.out();
  }

  void write(ProfileResult p) {
    b.append("## Profile of one extra Andrew run on `").append(p.target()).append("`\n\n");
    SummaryRow measured = Summary.find(r.summary(), Part.ANDREW, "Total", p.target());
    if (measured != null) {
      b.append("The measured runs of the same workload took ")
          .append(f(measured.medianSeconds(), 2))
          .append(" s (median) and ")
          .append(f(measured.cpuSeconds(), 1))
          .append(" CPU s, for comparison with the profiled run below.\n\n");
    }
    b.append("JFR (execution samples of Java code every 10 ms, nothing else recorded) in every JVM")
        .append(
            " of the target, started with `jcmd PID JFR.start` after the measured runs (a first,")
        .append(" discarded recording before the warm-up took JFR's start-up cost); this run")
        .append(" took ")
        .append(f(p.seconds(), 2))
        .append(" s and ")
        .append(f(p.cpu().targetSeconds(), 1))
        .append(" CPU s (")
        .append(roles(p))
        .append("). Only threads running Java code are sampled: time in the kernel, in GC and")
        .append(" JIT threads and in nfs-ganesha is not (the CPU tables show those), and a JVM")
        .append(" starved of CPU is sampled less often. Recordings: ")
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
}
