package org.bftnfs.bench.cluster;

import java.util.List;
import java.util.Locale;
import org.bftnfs.bench.results.MachineInfo;

/** The parts every cluster bench's markdown report shares: its command and its machine. */
public final class ReportText {

  private ReportText() {}

  /**
   * The "Command" section: {@code bin/bftnfs bench SUBCOMMAND ARGS}, after the heap variables set.
   */
  public static void command(
      StringBuilder s, String environment, String subcommand, List<String> args) {
    s.append("## Command\n\n```\n").append(environment).append("bin/bftnfs bench ");
    s.append(subcommand);
    for (String a : args) {
      s.append(' ').append(a);
    }
    s.append("\n```\n\n");
  }

  /** The "Machine" section: its facts and its load average at the start and the end. */
  public static void machine(StringBuilder s, MachineInfo m, String loadBefore, String loadAfter) {
    s.append("## Machine\n\n| | |\n|---|---|\n");
    row(s, "cores", String.valueOf(m.cores()));
    row(s, "CPU", m.cpu());
    row(s, "memory", String.format(Locale.ROOT, "%.1f GiB", m.memoryGiB()));
    row(s, "kernel", m.kernel());
    row(s, "OS", m.os());
    row(s, "JDK", m.jdk());
    row(s, "file system of the replicas' exports", m.fileSystem());
    row(s, "load average at start", loadBefore);
    row(s, "load average at the end", loadAfter);
    s.append('\n');
  }

  /** One row of a two-column table. */
  public static void row(StringBuilder s, String key, String value) {
    s.append("| ").append(key).append(" | ").append(value).append(" |\n");
  }
}
