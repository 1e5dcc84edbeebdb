package org.bftnfs.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.BenchOptions;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.Progress;
import org.bftnfs.bench.results.CpuUsage;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.workload.AndrewWorkload;
import org.bftnfs.bench.workload.Phase;
import org.bftnfs.bench.workload.SourceTree;

/**
 * The Andrew-style part: {@code reps} repetitions, each running the whole workload on every target
 * in turn (rotating order), phase by phase, in a fresh directory that is removed afterwards.
 */
final class AndrewPart {

  /** The case name of the sum of all phases. */
  static final String TOTAL = "Total";

  private final BenchOptions options;
  private final Progress progress;
  private final List<Measurement> out;

  AndrewPart(BenchOptions options, Progress progress, List<Measurement> out) {
    this.options = options;
    this.progress = progress;
    this.out = out;
  }

  /** Copies of the tree in the unmeasured warm-up run. */
  static final int WARM_UP_SCALE = 2;

  /** One unmeasured run of up to {@link #WARM_UP_SCALE} copies of another tree. */
  void warmUp(TargetSession s) throws BenchException {
    int scale = Math.min(WARM_UP_SCALE, options.scale());
    once(s, AndrewWorkload.trees(options.seed() + 1_000, scale), "warm-up", 0);
  }

  /** The measured repetitions. */
  void run(List<TargetSession> sessions) throws BenchException {
    List<SourceTree> trees = AndrewWorkload.trees(options.seed(), options.scale());
    long bytes = trees.stream().mapToLong(SourceTree::bytes).sum();
    progress.accept(
        String.format(
            "andrew: %d copies of the source tree: %d directories, %d files, %.1f MiB",
            trees.size(),
            trees.size() * trees.get(0).dirs().size(),
            trees.size() * trees.get(0).files().size(),
            bytes / (double) (1 << 20)));
    for (int rep = 1; rep <= options.reps(); rep++) {
      for (TargetSession s : Rotation.order(sessions, rep)) {
        List<Measurement> ms = once(s, trees, "andrew-" + rep, rep);
        out.addAll(ms);
        progress.accept(line(s.name(), rep, ms));
      }
    }
  }

  /**
   * Runs every phase on {@code s} in directory {@code name}, removes what it made, and returns one
   * measurement per phase and their total.
   */
  List<Measurement> once(TargetSession s, List<SourceTree> trees, String name, int rep)
      throws BenchException {
    AndrewWorkload w = new AndrewWorkload(s.client(), name, trees);
    List<Measurement> ms = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      ms.add(Measurer.measure(Part.ANDREW, phase.title(), s, rep, () -> w.run(phase)));
    }
    Measurer.run(s, "clean-up", w::cleanup);
    ms.add(total(ms));
    return ms;
  }

  private static Measurement total(List<Measurement> phases) {
    double seconds = 0;
    long ops = 0;
    long bytes = 0;
    CpuUsage cpu = CpuUsage.none();
    for (Measurement m : phases) {
      seconds += m.seconds();
      ops += m.ops();
      bytes += m.bytes();
      cpu = cpu.plus(m.cpu());
    }
    Measurement first = phases.get(0);
    return new Measurement(
        Part.ANDREW,
        TOTAL,
        first.target(),
        first.rep(),
        seconds,
        ops,
        bytes,
        cpu,
        Optional.empty());
  }

  private String line(String target, int rep, List<Measurement> ms) {
    StringBuilder b =
        new StringBuilder(String.format("andrew %d/%d %-10s", rep, options.reps(), target));
    for (Measurement m : ms) {
      b.append(String.format(" %s %.2fs", m.caseName(), m.seconds()));
    }
    Measurement t = ms.get(ms.size() - 1);
    b.append(String.format(" (%d ops, target CPU %.1fs)", t.ops(), t.cpu().targetSeconds()));
    return b.toString();
  }
}
