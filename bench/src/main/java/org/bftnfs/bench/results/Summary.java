package org.bftnfs.bench.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.bftnfs.bench.Part;

/** Summarises measurements into one {@link SummaryRow} per part, case and target. */
public final class Summary {

  private Summary() {}

  private record Key(Part part, String caseName, String target) {}

  /**
   * The rows, in the order the cases and targets were first measured.
   *
   * @param baseline the target the ratios are relative to (rows of cases it lacks have NaN ratios)
   */
  public static List<SummaryRow> of(List<Measurement> measurements, String baseline) {
    Map<Key, List<Measurement>> groups = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      groups
          .computeIfAbsent(new Key(m.part(), m.caseName(), m.target()), k -> new ArrayList<>())
          .add(m);
    }
    Map<Key, SummaryRow> rows = new LinkedHashMap<>();
    groups.forEach((k, ms) -> rows.put(k, row(k, ms)));
    List<SummaryRow> out = new ArrayList<>();
    for (Map.Entry<Key, SummaryRow> e : rows.entrySet()) {
      Key k = e.getKey();
      SummaryRow r = e.getValue();
      SummaryRow base = rows.get(new Key(k.part(), k.caseName(), baseline));
      double ratio = base == null ? Double.NaN : base.medianOpsPerSecond() / r.medianOpsPerSecond();
      // a baseline that used no measurable CPU (under one clock tick) gives no CPU ratio
      double cpuRatio =
          base == null || !(base.cpuMsPerOp() > 0)
              ? Double.NaN
              : r.cpuMsPerOp() / base.cpuMsPerOp();
      out.add(withRatios(r, ratio, cpuRatio));
    }
    return out;
  }

  /** The row of {@code part}, {@code caseName} and {@code target}, or null. */
  public static SummaryRow find(List<SummaryRow> rows, Part part, String caseName, String target) {
    for (SummaryRow r : rows) {
      if (r.part() == part && r.caseName().equals(caseName) && r.target().equals(target)) {
        return r;
      }
    }
    return null;
  }

  private static SummaryRow row(Key k, List<Measurement> ms) {
    Map<String, Double> roles = new TreeMap<>();
    for (Measurement m : ms) {
      m.cpu().byRole().forEach((role, s) -> roles.merge(role, s / ms.size(), Double::sum));
    }
    double[] p50 =
        ms.stream()
            .filter(m -> m.latency().isPresent())
            .mapToDouble(m -> m.latency().get().p50Ms())
            .toArray();
    double[] p99 =
        ms.stream()
            .filter(m -> m.latency().isPresent())
            .mapToDouble(m -> m.latency().get().p99Ms())
            .toArray();
    return new SummaryRow(
        k.part(),
        k.caseName(),
        k.target(),
        ms.size(),
        Stats.median(values(ms, Measurement::seconds)),
        Stats.min(values(ms, Measurement::seconds)),
        Stats.max(values(ms, Measurement::seconds)),
        Math.round(Stats.median(values(ms, m -> (double) m.ops()))),
        Stats.median(values(ms, Measurement::opsPerSecond)),
        Stats.min(values(ms, Measurement::opsPerSecond)),
        Stats.max(values(ms, Measurement::opsPerSecond)),
        Stats.median(values(ms, m -> m.bytes() / m.seconds() / (1 << 20))),
        Stats.median(p50),
        Stats.median(p99),
        Stats.median(values(ms, m -> m.cpu().targetSeconds())),
        Stats.median(
            values(
                ms,
                m ->
                    m.cpu().targetSeconds() > 0
                        ? m.cpu().systemSeconds() / m.cpu().targetSeconds()
                        : Double.NaN)),
        Stats.median(values(ms, Measurement::cpuMsPerOp)),
        Stats.median(
            values(ms, m -> m.ops() == 0 ? Double.NaN : m.cpu().clientSeconds() * 1e3 / m.ops())),
        roles,
        Stats.median(values(ms, m -> m.cpu().otherSeconds() / m.seconds())),
        Double.NaN,
        Double.NaN);
  }

  private static double[] values(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
    return ms.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
  }

  private static SummaryRow withRatios(SummaryRow r, double ratio, double cpuRatio) {
    Objects.requireNonNull(r);
    return new SummaryRow(
        r.part(),
        r.caseName(),
        r.target(),
        r.reps(),
        r.medianSeconds(),
        r.minSeconds(),
        r.maxSeconds(),
        r.ops(),
        r.medianOpsPerSecond(),
        r.minOpsPerSecond(),
        r.maxOpsPerSecond(),
        r.medianMiBPerSecond(),
        r.p50Ms(),
        r.p99Ms(),
        r.cpuSeconds(),
        r.systemShare(),
        r.cpuMsPerOp(),
        r.clientCpuMsPerOp(),
        r.cpuByRole(),
        r.otherCores(),
        ratio,
        cpuRatio);
  }
}
