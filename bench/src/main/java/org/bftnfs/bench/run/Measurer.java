package org.bftnfs.bench.run;

import java.util.Optional;
import org.bftnfs.backend.BackendException;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.targets.CpuSnapshot;

/**
 * Measures one piece of client work on one target: wall-clock time, the client's operations and
 * bytes, and the CPU the target's processes (and this process) used meanwhile.
 */
final class Measurer {

  /** Work done through the session's client. */
  interface Work {
    void run();
  }

  private Measurer() {}

  /**
   * Runs {@code work} and returns what it cost.
   *
   * @throws BenchException when a call fails or a result is wrong
   */
  static Measurement measure(Part part, String caseName, TargetSession s, int rep, Work work)
      throws BenchException {
    long ops0 = s.client().ops();
    long bytes0 = s.client().bytes();
    CpuSnapshot before = CpuSnapshot.of(s.target());
    long t0 = System.nanoTime();
    run(s, caseName, work);
    long t1 = System.nanoTime();
    CpuSnapshot after = CpuSnapshot.of(s.target());
    return new Measurement(
        part,
        caseName,
        s.name(),
        rep,
        (t1 - t0) / 1e9,
        s.client().ops() - ops0,
        s.client().bytes() - bytes0,
        after.since(before),
        Optional.empty());
  }

  /** Runs unmeasured work (warm-up, clean-up), failing like {@link #measure}. */
  static void run(TargetSession s, String what, Work work) throws BenchException {
    try {
      work.run();
    } catch (BackendException | IllegalStateException e) {
      throw new BenchException(s.name() + ": " + what + ": " + e.getMessage(), e);
    }
  }
}
