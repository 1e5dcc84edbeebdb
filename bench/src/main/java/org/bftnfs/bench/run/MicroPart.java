package org.bftnfs.bench.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.BenchOptions;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.Progress;
import org.bftnfs.bench.results.Latency;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.targets.CpuSnapshot;
import org.bftnfs.bench.workload.MicroOp;
import org.bftnfs.bench.workload.MicroResult;

/**
 * The microbenchmark part: for each repetition, operation and concurrency, one measurement on each
 * target in turn (rotating order), so every comparison is interleaved at the finest grain.
 */
final class MicroPart {

  /** The longest warm-up measurement per operation. */
  static final Duration WARM_UP = Duration.ofMillis(300);

  private final BenchOptions options;
  private final Progress progress;
  private final List<Measurement> out;

  MicroPart(BenchOptions options, Progress progress, List<Measurement> out) {
    this.options = options;
    this.progress = progress;
    this.out = out;
  }

  /** Every operation once, briefly, at the highest concurrency. */
  void warmUp(TargetSession s) throws BenchException, InterruptedException {
    Duration d = options.microDuration().compareTo(WARM_UP) < 0 ? options.microDuration() : WARM_UP;
    for (MicroOp op : options.microOps()) {
      measure(s, op, options.maxClients(), d, 0);
    }
  }

  void run(List<TargetSession> sessions) throws BenchException, InterruptedException {
    for (int rep = 1; rep <= options.reps(); rep++) {
      for (MicroOp op : options.microOps()) {
        for (int clients : options.clients()) {
          StringBuilder line =
              new StringBuilder(
                  String.format("micro %d/%d %s@%d:", rep, options.reps(), op.label(), clients));
          for (TargetSession s : Rotation.order(sessions, rep)) {
            Measurement m = measure(s, op, clients, options.microDuration(), rep);
            out.add(m);
            line.append(
                String.format(
                    " %s %.0f/s p50 %.2fms;",
                    s.name(), m.opsPerSecond(), m.latency().orElseThrow().p50Ms()));
          }
          progress.accept(line.toString());
        }
      }
    }
  }

  private static Measurement measure(TargetSession s, MicroOp op, int clients, Duration d, int rep)
      throws BenchException, InterruptedException {
    CpuSnapshot before = CpuSnapshot.of(s.target());
    MicroResult r;
    try {
      r = s.micro().run(op, clients, d);
    } catch (ExecutionException e) {
      throw new BenchException(
          s.name() + ": " + op.label() + "@" + clients + ": " + e.getCause().getMessage(),
          e.getCause());
    }
    CpuSnapshot after = CpuSnapshot.of(s.target());
    if (r.ops() == 0) {
      throw new BenchException(
          s.name() + ": " + op.label() + "@" + clients + ": no operation finished in " + d);
    }
    return new Measurement(
        Part.MICRO,
        op.label() + "@" + clients,
        s.name(),
        rep,
        r.seconds(),
        r.ops(),
        r.bytes(),
        after.since(before),
        Optional.of(Latency.of(r.latencies(), (int) r.ops())));
  }
}
