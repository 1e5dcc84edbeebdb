package org.bftnfs.bench.run;

import java.util.List;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.BenchOptions;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.Progress;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.workload.SequentialFile;

/**
 * The sequential part: for each repetition, on each target in turn (rotating order), write a large
 * file, read it back, remove it.
 */
final class SequentialPart {

  /** The case names. */
  static final String WRITE = "write";

  static final String READ = "read";

  private final BenchOptions options;
  private final Progress progress;
  private final List<Measurement> out;

  SequentialPart(BenchOptions options, Progress progress, List<Measurement> out) {
    this.options = options;
    this.progress = progress;
    this.out = out;
  }

  void run(List<TargetSession> sessions) throws BenchException {
    long size = (long) options.seqMib() << 20;
    for (int rep = 1; rep <= options.reps(); rep++) {
      for (TargetSession s : Rotation.order(sessions, rep)) {
        SequentialFile f = new SequentialFile(s.client(), "seq-" + rep, size);
        Measurement w = Measurer.measure(Part.SEQUENTIAL, WRITE, s, rep, f::write);
        Measurement r = Measurer.measure(Part.SEQUENTIAL, READ, s, rep, f::read);
        Measurer.run(s, "remove", f::remove);
        out.add(w);
        out.add(r);
        progress.accept(
            String.format(
                "seq %d/%d %-10s %d MiB: write %.2fs (%.1f MiB/s), read %.2fs (%.1f MiB/s)",
                rep,
                options.reps(),
                s.name(),
                options.seqMib(),
                w.seconds(),
                options.seqMib() / w.seconds(),
                r.seconds(),
                options.seqMib() / r.seconds()));
      }
    }
  }
}
