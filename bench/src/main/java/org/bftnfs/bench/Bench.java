package org.bftnfs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.bench.output.Outputs;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.run.BenchRun;
import org.bftnfs.bench.targets.Launcher;

/**
 * {@code bftnfs bench [options]}: measures the cost of replication. Starts the targets it needs
 * (nfs-ganesha alone, the relay over one wrapper, the replicated cluster healthy, heterogeneous and
 * degraded), runs an Andrew-style workload, microbenchmarks and a sequential file on each,
 * interleaved, and writes CSV, JSON, PNG charts and a markdown report. Dispatched by the command
 * line's main class.
 */
public final class Bench {

  /** The line for the command list of {@code bftnfs help}. */
  public static final String SUMMARY =
      "  bench          measure direct nfs-ganesha vs relay vs replicated (Andrew, micro, large"
          + " file)\n";

  /** The options text of {@code bftnfs help}. */
  public static final String USAGE = BenchOptions.USAGE;

  private Bench() {}

  /**
   * Runs {@code bftnfs bench}.
   *
   * @param args the options after {@code bench}
   * @param out progress and the report's location
   * @param err one-line errors
   * @return the exit code: 0 done, 1 failed, 2 usage error
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    try {
      BenchOptions options = BenchOptions.parse(args);
      if (!GaneshaServer.available()) {
        throw new BenchUsageException(
            "bench needs nfs-ganesha (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind) and"
                + " root: "
                + GaneshaServer.unavailableReason().orElse(""));
      }
      Launcher launcher;
      try {
        launcher = Launcher.current();
      } catch (IllegalArgumentException e) {
        throw new BenchUsageException(e.getMessage());
      }
      Progress progress = new Progress(out);
      RunResults results = new BenchRun(options, progress, launcher).run();
      Path report = Outputs.write(results, options.out());
      progress.accept("done: " + report.toAbsolutePath() + " (and CSV, JSON, charts beside it)");
      return 0;
    } catch (BenchUsageException e) {
      err.println("error: " + e.getMessage());
      return BenchUsageException.EXIT_CODE;
    } catch (BenchException e) {
      err.println("error: " + e.getMessage());
      return BenchException.EXIT_CODE;
    } catch (IOException e) {
      err.println("error: cannot write the results: " + e.getMessage());
      return BenchException.EXIT_CODE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return BenchException.EXIT_CODE;
    }
  }
}
