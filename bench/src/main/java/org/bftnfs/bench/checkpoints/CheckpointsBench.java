package org.bftnfs.bench.checkpoints;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.BenchUsageException;
import org.bftnfs.bench.Progress;
import org.bftnfs.bench.targets.Launcher;

/**
 * {@code bftnfs bench checkpoints [options]}: measures whether a checkpoint's cost grows with the
 * file system (issue 11): at 1,000, 10,000 and 100,000 files, the time of the replicas' checkpoints
 * and the latency of a replicated 4 KiB WRITE (median, p99) under a steady load. Writes {@code
 * checkpoints.md}.
 */
public final class CheckpointsBench {

  private CheckpointsBench() {}

  /**
   * Runs it.
   *
   * @return the exit code: 0 done, 1 failed (the report holds the file counts measured before the
   *     failure), 2 usage error
   */
  static int run(CheckpointsCommand command, PrintStream out, PrintStream err) {
    try {
      CheckpointsOptions options = command.options();
      Launcher launcher;
      try {
        launcher = Launcher.current();
      } catch (IllegalArgumentException e) {
        throw new BenchUsageException(e.getMessage());
      }
      Progress progress = new Progress(out);
      CheckpointsResults results = new CheckpointsRun(options, progress, launcher).run();
      Path report = CheckpointsReport.write(results, options.out());
      if (results.failure().isPresent()) {
        err.println("error: " + results.failure().get() + " (report: " + report + ")");
        return BenchException.EXIT_CODE;
      }
      progress.accept("done: " + report.toAbsolutePath());
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
