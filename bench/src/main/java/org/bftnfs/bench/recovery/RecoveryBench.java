package org.bftnfs.bench.recovery;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.BenchUsageException;
import org.bftnfs.bench.Progress;
import org.bftnfs.bench.targets.Launcher;

/**
 * {@code bftnfs bench recovery [options]}: measures how a replica recovers and catches up (issues
 * 11 and 12): recovery time and bytes fetched with 0%, 1% and 100% of its files corrupt, the window
 * of vulnerability that gives for the default schedule, the state transfer to a replica that fell
 * behind, and the service's throughput during a recovery. Writes {@code recovery.md}.
 */
public final class RecoveryBench {

  private RecoveryBench() {}

  /**
   * Runs it.
   *
   * @return the exit code: 0 done, 1 failed, 2 usage error
   */
  static int run(RecoveryCommand command, PrintStream out, PrintStream err) {
    try {
      RecoveryOptions options = command.options();
      Launcher launcher;
      try {
        launcher = Launcher.current();
      } catch (IllegalArgumentException e) {
        throw new BenchUsageException(e.getMessage());
      }
      Progress progress = new Progress(out);
      RecoveryResults results = new RecoveryRun(options, progress, launcher).run();
      Path report = RecoveryReport.write(results, options.out());
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
