package org.bftnfs.bench.targets;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bftnfs.bench.results.CpuUsage;

/**
 * The CPU ticks of every process of a target, and of this benchmark process, at one instant. The
 * difference of two snapshots is the CPU a measurement cost. A process that exits in between is not
 * counted (the benchmark kills nothing during a measurement); one that started in between is
 * counted from its start.
 */
public final class CpuSnapshot {

  private final Map<Long, Sample> processes;
  private final long clientTicks;
  private final long machineTicks;

  private record Sample(String role, long ticks, long system) {}

  private CpuSnapshot(Map<Long, Sample> processes, long clientTicks, long machineTicks) {
    this.processes = processes;
    this.clientTicks = clientTicks;
    this.machineTicks = machineTicks;
  }

  /** The CPU ticks of {@code target}'s processes and of this process now. */
  public static CpuSnapshot of(Target target) {
    Map<Long, Sample> samples = new HashMap<>();
    for (ProcessRole p : target.processes()) {
      Optional<ProcStat.Ticks> ticks = ProcStat.cpuTicks(p.pid());
      if (ticks.isPresent()) {
        samples.put(p.pid(), new Sample(p.role(), ticks.get().total(), ticks.get().system()));
      }
    }
    long self = ProcStat.cpuTicks(ProcessHandle.current().pid()).orElseThrow().total();
    return new CpuSnapshot(samples, self, ProcStat.machineBusyTicks());
  }

  /** The CPU used from {@code before} to this snapshot. */
  public CpuUsage since(CpuSnapshot before) {
    Map<String, Double> roles = new TreeMap<>();
    long total = 0;
    long system = 0;
    for (Map.Entry<Long, Sample> e : processes.entrySet()) {
      Sample then = before.processes.get(e.getKey());
      long used = e.getValue().ticks() - (then == null ? 0 : then.ticks());
      system += e.getValue().system() - (then == null ? 0 : then.system());
      total += used;
      roles.merge(e.getValue().role(), ProcStat.seconds(used), Double::sum);
    }
    return new CpuUsage(
        ProcStat.seconds(total),
        ProcStat.seconds(system),
        roles,
        ProcStat.seconds(clientTicks - before.clientTicks),
        ProcStat.seconds(machineTicks - before.machineTicks));
  }
}
