package org.bftnfs.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
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

  /** The largest concurrency of the microbenchmarks. */
  public int maxClients() {
    return clients.stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  /** True when {@code part} runs. */
  public boolean runs(Part part) {
    return !skip.contains(part);
  }

  /**
   * Checks the values given to {@code command}.
   *
   * @param command the parsed command line; an option not given is null there
   * @param args the command line as given (for the report)
   * @throws BenchUsageException for a bad value
   */
  static BenchOptions of(BenchCommand command, List<String> args) throws BenchUsageException {
    List<TargetKind> targets = new ArrayList<>();
    for (String t : list(orElse(command.targets, allTargets()))) {
      targets.add(TargetKind.of(t));
    }
    if (new LinkedHashSet<>(targets).size() != targets.size()) {
      throw new BenchUsageException("--targets names a target twice");
    }
    List<Integer> clients = new ArrayList<>();
    for (String c : list(orElse(command.clients, "1,4,16"))) {
      clients.add(integer("--clients", c, 1, 64));
    }
    List<MicroOp> ops = new ArrayList<>();
    if (command.microOps != null) {
      for (String o : list(command.microOps)) {
        ops.add(MicroOp.of(o));
      }
    } else {
      ops.addAll(List.of(MicroOp.values()));
    }
    Set<Part> skip = EnumSet.noneOf(Part.class);
    if (command.skip != null) {
      for (String s : list(command.skip)) {
        skip.add(Part.of(s));
      }
    }
    Optional<TargetKind> profile = profile(command.profile, targets);
    double seconds = decimal("--micro-seconds", orElse(command.microSeconds, "1"));
    if (seconds <= 0 || seconds > 600) {
      throw new BenchUsageException("--micro-seconds must be above 0 and at most 600");
    }
    return new BenchOptions(
        List.copyOf(args),
        List.copyOf(targets),
        integer("--scale", orElse(command.scale, "5"), 1, 1000),
        integer("--reps", orElse(command.reps, "3"), 1, 100),
        Duration.ofNanos((long) (seconds * 1e9)),
        List.copyOf(clients),
        List.copyOf(ops),
        integer("--seq-mib", orElse(command.seqMib, "256"), 0, 4096),
        longInteger("--seed", orElse(command.seed, "1")),
        profile,
        Path.of(orElse(command.out, "bench-results")),
        Optional.ofNullable(command.work).map(Path::of),
        skip);
  }

  private static String orElse(String value, String dflt) {
    return value == null ? dflt : value;
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
