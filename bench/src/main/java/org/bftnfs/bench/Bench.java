package org.bftnfs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.bench.output.Outputs;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.run.BenchRun;
import org.bftnfs.bench.targets.Launcher;

/**
 * {@code bftnfs bench [options]}: measures the cost of replication. Starts the targets it needs
 * (nfs-ganesha alone, the relay over one wrapper, the replicated cluster healthy, heterogeneous and
 * degraded), runs an Andrew-style workload, microbenchmarks and a sequential file on each,
 * interleaved, and writes CSV, JSON, PNG charts and a markdown report. Run by {@link BenchCommand},
 * which the command line's main class adds to its tree.
 */
public final class Bench {

  private Bench() {}

  /**
   * Runs {@code bftnfs bench}.
   *
   * @param command the parsed command line, checked here
   * @param out progress and the report's location
   * @param err one-line errors
   * @return the exit code: 0 done, 1 failed, 2 usage error
   */
  static int run(BenchCommand command, PrintStream out, PrintStream err) {
    try {
      BenchOptions options = command.options();
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
