package org.bftnfs.bench.checkpoints;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.bftnfs.bench.BenchUsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bftnfs bench checkpoints [options]}: the checkpoint bench's options as a picocli command
 * (a subcommand of {@code bench}); every option takes one value, checked by {@link
 * CheckpointsOptions#of} when the command runs ({@link CheckpointsBench#run}).
 */
@Command(
    name = "checkpoints",
    description = {
      "Measures the time of a checkpoint and the latency of a replicated 4 KiB WRITE as the file",
      "system grows (1,000, 10,000, 100,000 files); writes checkpoints.md."
    })
public final class CheckpointsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--files",
      paramLabel = "LIST",
      description = "file counts measured, increasing (default 1000,10000,100000)")
  String files;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description = "length of the WRITE load at each file count (default 20)")
  String seconds;

  @Option(
      names = "--file-kib",
      paramLabel = "K",
      description = "size of each file the load writes, a multiple of 4 (default 1024)")
  String fileKib;

  @Option(
      names = "--clients",
      paramLabel = "N",
      description = "concurrent connections that create the files (default 12)")
  String clients;

  @Option(
      names = "--create-budget-minutes",
      paramLabel = "M",
      description =
          "leave out the file counts whose creation would take longer, at the rate measured for the"
              + " previous one (default: no bound)")
  String createBudget;

  @Option(
      names = "--checkpoint-period",
      paramLabel = "N",
      description = "ordering.checkpointPeriod of the cluster (default 128, as local-cluster)")
  String checkpointPeriod;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where checkpoints.md goes (default bench-results)")
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
  public CheckpointsCommand(PrintStream progress, PrintStream errors) {
    this.progress = progress;
    this.errors = errors;
  }

  /** The checked options. */
  CheckpointsOptions options() throws BenchUsageException {
    return CheckpointsOptions.of(this, arguments());
  }

  private List<String> arguments() {
    List<String> all = spec.commandLine().getParseResult().originalArgs();
    int at = all.indexOf(spec.name());
    return List.copyOf(at < 0 ? all : all.subList(at + 1, all.size()));
  }

  /** Runs the bench; returns the exit code: 0 done, 1 failed, 2 usage error. */
  @Override
  public Integer call() {
    return CheckpointsBench.run(this, progress, errors);
  }
}
