package org.bftnfs.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bftnfs bench [options]}: the bench's options as a picocli command, which the command
 * line's main class adds to its tree. Every option takes one value ({@code --name value} or {@code
 * --name=value}) and may be given once; the values are checked by {@link BenchOptions#of} when the
 * command runs ({@link Bench#run}).
 */
@Command(
    name = "bench",
    description = {
      "Measures direct nfs-ganesha vs relay vs replicated (Andrew, micro, large file).",
      "Starts the targets itself, interleaves them, writes results."
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--targets",
      paramLabel = "LIST",
      description = "of direct, relay-only, replicated, hetero, degraded (default: all)")
  String targets;

  @Option(
      names = "--scale",
      paramLabel = "N",
      description = "copies of the Andrew source tree (default 5)")
  String scale;

  @Option(
      names = "--reps",
      paramLabel = "N",
      description = "measured repetitions of every comparison (default 3)")
  String reps;

  @Option(
      names = "--micro-seconds",
      paramLabel = "S",
      description = "length of one microbenchmark measurement (default 1)")
  String microSeconds;

  @Option(
      names = "--clients",
      paramLabel = "LIST",
      description = "concurrent clients of the microbenchmarks (default 1,4,16)")
  String clients;

  @Option(
      names = "--micro-ops",
      paramLabel = "LIST",
      description =
          "getattr, lookup, read4k, read64k, write4k, write64k, create+remove, readdirplus"
              + " (default: all)")
  String microOps;

  @Option(
      names = "--seq-mib",
      paramLabel = "N",
      description = "size of the sequentially written and read file (default 256)")
  String seqMib;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "seed of the Andrew source tree (default 1)")
  String seed;

  @Option(
      names = "--profile",
      paramLabel = "TARGET",
      description = "JFR profile of one extra Andrew run (default replicated; none)")
  String profile;

  @Option(
      names = "--skip",
      paramLabel = "LIST",
      description = "parts to leave out: andrew, micro, seq")
  String skip;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "results: CSV, JSON, PNG charts, report.md (default bench-results)")
  String out;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "the targets' data (default: a temporary directory, removed)")
  String work;

  private final PrintStream progress;
  private final PrintStream errors;

  /**
   * @param progress progress and the report's location
   * @param errors one-line errors
   */
  public BenchCommand(PrintStream progress, PrintStream errors) {
    this.progress = progress;
    this.errors = errors;
  }

  /**
   * The checked options.
   *
   * @throws BenchUsageException for a bad value
   */
  BenchOptions options() throws BenchUsageException {
    return BenchOptions.of(this, arguments());
  }

  /** The arguments after {@code bench}, as given (for the report). */
  private List<String> arguments() {
    List<String> all = spec.commandLine().getParseResult().originalArgs();
    if (spec.parent() == null) {
      return List.copyOf(all);
    }
    return List.copyOf(all.subList(all.indexOf(spec.name()) + 1, all.size()));
  }

  /** Runs the bench; returns the exit code: 0 done, 1 failed, 2 usage error. */
  @Override
  public Integer call() {
    return Bench.run(this, progress, errors);
  }
}
