package org.bftnfs.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bftnfs.bench.targets.TargetKind;
import org.bftnfs.bench.workload.MicroOp;

/**
 * The options of {@code bftnfs bench}.
 *
 * @param args the command line as given (for the report)
 * @param targets the targets to measure, in the order they are interleaved
 * @param scale copies of the Andrew source tree (Andrew100 would be 100)
 * @param reps measured repetitions of every comparison
 * @param microDuration the length of one microbenchmark measurement
 * @param clients the concurrencies of the microbenchmarks
 * @param microOps the microbenchmark operations
 * @param seqMib the size of the sequential file in MiB
 * @param seed the seed of the generated source tree
 * @param profile the target whose extra Andrew run is profiled with JFR, if any
 * @param out where the results go
 * @param work where the targets keep their data; empty for a temporary directory
 * @param skip the parts not run
 */
public record BenchOptions(
    List<String> args,
    List<TargetKind> targets,
    int scale,
    int reps,
    Duration microDuration,
    List<Integer> clients,
    List<MicroOp> microOps,
    int seqMib,
    long seed,
    Optional<TargetKind> profile,
    Path out,
    Optional<Path> work,
    Set<Part> skip) {

  /** The usage text of {@code bftnfs bench}. */
  public static final String USAGE =
      "bench options (bftnfs bench: starts the targets itself, interleaves them, writes"
          + " results):\n"
          + "  --targets LIST        of direct, relay-only, replicated, hetero, degraded (default:"
          + " all)\n"
          + "  --scale N             copies of the Andrew source tree (default 5)\n"
          + "  --reps N              measured repetitions of every comparison (default 3)\n"
          + "  --micro-seconds S     length of one microbenchmark measurement (default 1)\n"
          + "  --clients LIST        concurrent clients of the microbenchmarks (default 1,4,16)\n"
          + "  --micro-ops LIST      getattr, lookup, read4k, read64k, write4k, write64k,"
          + " create+remove,\n"
          + "                        readdirplus (default: all)\n"
          + "  --seq-mib N           size of the sequentially written and read file (default"
          + " 256)\n"
          + "  --seed N              seed of the Andrew source tree (default 1)\n"
          + "  --profile TARGET      JFR profile of one extra Andrew run (default replicated;"
          + " none)\n"
          + "  --skip LIST           parts to leave out: andrew, micro, seq\n"
          + "  --out DIR             results: CSV, JSON, PNG charts, report.md (default"
          + " bench-results)\n"
          + "  --work DIR            the targets' data (default: a temporary directory, removed)\n";

  private static final Set<String> NAMES =
      Set.of(
          "--targets",
          "--scale",
          "--reps",
          "--micro-seconds",
          "--clients",
          "--micro-ops",
          "--seq-mib",
          "--seed",
          "--profile",
          "--skip",
          "--out",
          "--work");

  /** The largest concurrency of the microbenchmarks. */
  public int maxClients() {
    return clients.stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  /** True when {@code part} runs. */
  public boolean runs(Part part) {
    return !skip.contains(part);
  }

  /**
   * Parses the options after {@code bench}.
   *
   * @throws BenchUsageException for an unknown option, a missing or bad value
   */
  public static BenchOptions parse(List<String> args) throws BenchUsageException {
    Map<String, String> v = values(args);
    List<TargetKind> targets = new ArrayList<>();
    for (String t : list(v.getOrDefault("--targets", allTargets()))) {
      targets.add(TargetKind.of(t));
    }
    if (new LinkedHashSet<>(targets).size() != targets.size()) {
      throw new BenchUsageException("--targets names a target twice");
    }
    List<Integer> clients = new ArrayList<>();
    for (String c : list(v.getOrDefault("--clients", "1,4,16"))) {
      clients.add(integer("--clients", c, 1, 64));
    }
    List<MicroOp> ops = new ArrayList<>();
    if (v.containsKey("--micro-ops")) {
      for (String o : list(v.get("--micro-ops"))) {
        ops.add(MicroOp.of(o));
      }
    } else {
      ops.addAll(List.of(MicroOp.values()));
    }
    Set<Part> skip = EnumSet.noneOf(Part.class);
    if (v.containsKey("--skip")) {
      for (String s : list(v.get("--skip"))) {
        skip.add(Part.of(s));
      }
    }
    Optional<TargetKind> profile = profile(v.get("--profile"), targets);
    double seconds = decimal("--micro-seconds", v.getOrDefault("--micro-seconds", "1"));
    if (seconds <= 0 || seconds > 600) {
      throw new BenchUsageException("--micro-seconds must be above 0 and at most 600");
    }
    return new BenchOptions(
        List.copyOf(args),
        List.copyOf(targets),
        integer("--scale", v.getOrDefault("--scale", "5"), 1, 1000),
        integer("--reps", v.getOrDefault("--reps", "3"), 1, 100),
        Duration.ofNanos((long) (seconds * 1e9)),
        List.copyOf(clients),
        List.copyOf(ops),
        integer("--seq-mib", v.getOrDefault("--seq-mib", "256"), 0, 4096),
        longInteger("--seed", v.getOrDefault("--seed", "1")),
        profile,
        Path.of(v.getOrDefault("--out", "bench-results")),
        Optional.ofNullable(v.get("--work")).map(Path::of),
        skip);
  }

  private static Optional<TargetKind> profile(String value, List<TargetKind> targets)
      throws BenchUsageException {
    if ("none".equals(value)) {
      return Optional.empty();
    }
    if (value == null) {
      return targets.contains(TargetKind.REPLICATED)
          ? Optional.of(TargetKind.REPLICATED)
          : Optional.empty();
    }
    TargetKind kind = TargetKind.of(value);
    if (!targets.contains(kind)) {
      throw new BenchUsageException("--profile " + value + " is not one of --targets");
    }
    if (kind == TargetKind.DIRECT) {
      throw new BenchUsageException("--profile direct: nfs-ganesha is not a JVM (use perf)");
    }
    return Optional.of(kind);
  }

  private static String allTargets() {
    List<String> all = new ArrayList<>();
    for (TargetKind k : TargetKind.values()) {
      all.add(k.label());
    }
    return String.join(",", all);
  }

  private static Map<String, String> values(List<String> args) throws BenchUsageException {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!NAMES.contains(name)) {
        throw new BenchUsageException("unknown option '" + arg + "' for bench (see 'bftnfs help')");
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new BenchUsageException(name + " needs a value");
        }
        value = args.get(++i);
      }
      if (values.put(name, value) != null) {
        throw new BenchUsageException(name + " given twice");
      }
    }
    return values;
  }

  private static List<String> list(String value) throws BenchUsageException {
    List<String> items = new ArrayList<>();
    for (String s : value.split(",", -1)) {
      String t = s.strip();
      if (t.isEmpty()) {
        throw new BenchUsageException("empty item in list '" + value + "'");
      }
      items.add(t);
    }
    return items;
  }

  private static int integer(String name, String value, int min, int max)
      throws BenchUsageException {
    long v = longInteger(name, value);
    if (v < min || v > max) {
      throw new BenchUsageException(
          name + " must be between " + min + " and " + max + ", not " + value);
    }
    return (int) v;
  }

  private static long longInteger(String name, String value) throws BenchUsageException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BenchUsageException(name + " must be a whole number, not '" + value + "'");
    }
  }

  private static double decimal(String name, String value) throws BenchUsageException {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new BenchUsageException(name + " must be a number, not '" + value + "'");
    }
  }
}
