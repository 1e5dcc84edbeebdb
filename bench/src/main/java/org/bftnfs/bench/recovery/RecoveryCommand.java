package org.bftnfs.bench.recovery;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.bftnfs.bench.BenchUsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bftnfs bench recovery [options]}: the recovery bench's options as a picocli command (a
 * subcommand of {@code bench}); every option takes one value, checked by {@link RecoveryOptions#of}
 * when the command runs ({@link RecoveryBench#run}).
 */
@Command(
    name = "recovery",
    description = {
      "Measures a replica's recovery (0%%, 1%%, 100%% of its files corrupt), its state transfer",
      "after falling behind, and the service's throughput during a recovery; writes recovery.md."
    })
public final class RecoveryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--size-mib",
      paramLabel = "S",
      description = "file-system size in MiB, written through the service (default 64)")
  String sizeMib;

  @Option(
      names = "--files",
      paramLabel = "N",
      description = "files holding it, each S/N MiB (default 64)")
  String files;

  @Option(
      names = "--corrupt",
      paramLabel = "LIST",
      description = "percentages of the files corrupted, one recovery each (default 0,1,100)")
  String corrupt;

  @Option(
      names = "--changed",
      paramLabel = "P",
      description = "percentage of the files rewritten while a replica is stopped (default 1)")
  String changed;

  @Option(
      names = "--load-seconds",
      paramLabel = "S",
      description = "throughput measured before the recovery under load (default 10)")
  String loadSeconds;

  @Option(
      names = "--replica",
      paramLabel = "I",
      description = "the replica recovered (default 3, a follower)")
  String replica;

  @Option(
      names = "--checkpoint-period",
      paramLabel = "N",
      description = "ordering.checkpointPeriod of the cluster (default 128, as local-cluster)")
  String checkpointPeriod;

  @Option(
      names = "--recovering-heap",
      paramLabel = "SIZE",
      description = "-Xmx of the replica the bench starts again (default: as the others)")
  String recoveringHeap;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where recovery.md goes (default bench-results)")
  String out;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "the cluster's data (default: a temporary directory, removed)")
  String work;

  private final PrintStream progress;
  private final PrintStream errors;

  /**
   * @param progress progress and the report's location
   * @param errors one-line errors
   */
  public RecoveryCommand(PrintStream progress, PrintStream errors) {
    this.progress = progress;
    this.errors = errors;
  }

  /** The checked options. */
  RecoveryOptions options() throws BenchUsageException {
    return RecoveryOptions.of(this, arguments());
  }

  private List<String> arguments() {
    List<String> all = spec.commandLine().getParseResult().originalArgs();
    int at = all.indexOf(spec.name());
    return List.copyOf(at < 0 ? all : all.subList(at + 1, all.size()));
  }

  /** Runs the bench; returns the exit code: 0 done, 1 failed, 2 usage error. */
  @Override
  public Integer call() {
    return RecoveryBench.run(this, progress, errors);
  }
}
