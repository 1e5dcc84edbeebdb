package org.bftnfs.bench.checkpoints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bftnfs.bench.cluster.Jukebox;
import org.bftnfs.bench.cluster.ReportText;

/**
 * The markdown report of a {@code bftnfs bench checkpoints} run ({@code checkpoints.md}): the
 * command, the machine, the setup, one row per file count (checkpoint time and WRITE latency), the
 * checkpoints taken while the files were created, and the method. Every figure comes from {@link
 * CheckpointsResults}.
 */
final class CheckpointsReport {

  /** The report's file name in the output directory. */
  static final String FILE = "checkpoints.md";

  /** The bound issue 11 sets on a replicated WRITE's p99 ÷ median. */
  static final double TAIL_BOUND = 4;

  private CheckpointsReport() {}

  /** Writes the report into {@code dir}; returns its path. */
  static Path write(CheckpointsResults r, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    Files.writeString(file, markdown(r), StandardCharsets.UTF_8);
    return file;
  }

  /** The report's text. */
  static String markdown(CheckpointsResults r) {
    StringBuilder s = new StringBuilder();
    s.append("# Checkpoint cost against file-system size\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "Measured by `bftnfs bench checkpoints` starting %s; the whole run took %.1f"
                + " minutes.\n\n",
            r.started(),
            r.total().toNanos() / 60e9));
    ReportText.command(s, r.environment(), "checkpoints", r.options().args());
    ReportText.machine(s, r.machine(), r.loadBefore(), r.loadAfter());
    setup(s, r);
    results(s, r);
    creation(s, r);
    method(s, r.options());
    return s.toString();
  }

  private static void setup(StringBuilder s, CheckpointsResults r) {
    CheckpointsOptions o = r.options();
    s.append("## Setup\n\n| | |\n|---|---|\n");
    ReportText.row(
        s,
        "cluster",
        "4 replica processes (f = 1), each over a local-directory backend, one relay");
    ReportText.row(s, "ordering.checkpointPeriod", String.valueOf(o.checkpointPeriod()));
    ReportText.row(s, "replica heap (-Xmx)", r.replicaHeap());
    ReportText.row(
        s,
        "file system",
        "empty files, "
            + Grower.PER_DIRECTORY
            + " to a directory, created through the relay by "
            + o.clients()
            + " concurrent clients (one connection and thread each; one CREATE each)");
    ReportText.row(
        s,
        "load",
        String.format(
            Locale.ROOT,
            "one client writing %d bytes at a time (FILE_SYNC) round-robin over %d files of %d"
                + " KiB (and over the blocks of each), %s s after a %s s warm-up",
            TimedWrites.WRITE_BYTES,
            TimedWrites.FILES,
            o.fileKib(),
            number(o.load().toNanos() / 1e9),
            number(CheckpointsRun.WARM_UP.toNanos() / 1e9)));
    ReportText.row(
        s,
        "client calls answered JUKEBOX and retried",
        r.jukeboxRetries() + " (a call is retried at most " + Jukebox.ATTEMPTS + " times)");
    s.append('\n');
  }

  private static void results(StringBuilder s, CheckpointsResults r) {
    s.append("## Checkpoint time and WRITE latency\n\n");
    s.append(
        "Checkpoints taken by the four replicas together during the WRITE load; their mean comes"
            + " from each replica's counters, the longest from those seen one by one. Times in"
            + " milliseconds.\n\n");
    s.append(
        "| files | checkpoints during the load | checkpoint mean | checkpoint max | WRITE median |"
            + " WRITE p99 | p99 ÷ median | WRITE calls/s |\n");
    s.append("|---|---|---|---|---|---|---|---|\n");
    for (CheckpointsResults.Size z : r.sizes()) {
      CheckpointTally.Checkpoints c = z.load();
      Latencies w = z.writes();
      s.append(
          String.format(
              Locale.ROOT,
              "| %,d | %d | %s | %s | %.2f | %.2f | **%.2f** | %.1f (%d calls) |\n",
              z.files(),
              c.taken(),
              millis(c.meanSeconds()),
              millis(c.maxSeconds()),
              w.medianMillis(),
              w.p99Millis(),
              w.p99OverMedian(),
              w.perSecond(),
              w.calls()));
    }
    r.leftOut().ifPresent(why -> s.append("\nNot measured: ").append(why).append(".\n"));
    r.failure()
        .ifPresent(
            f ->
                s.append("\nThe run stopped before its last file count: ")
                    .append(f.replace("\n", " "))
                    .append('\n'));
    s.append('\n');
    verdict(s, r.sizes());
  }

  /** How the figures at the largest file count compare with the smallest, and the tail bound. */
  private static void verdict(StringBuilder s, List<CheckpointsResults.Size> sizes) {
    if (sizes.isEmpty()) {
      s.append("No file count was measured.\n\n");
      return;
    }
    CheckpointsResults.Size small = sizes.get(0);
    CheckpointsResults.Size large = sizes.get(sizes.size() - 1);
    if (sizes.size() > 1) {
      s.append(
          String.format(
              Locale.ROOT,
              "From %,d to %,d files (×%.0f): mean checkpoint time %s, WRITE median %s, WRITE p99"
                  + " %s.\n",
              small.files(),
              large.files(),
              (double) large.files() / small.files(),
              times(large.load().meanSeconds(), small.load().meanSeconds()),
              times(large.writes().medianMillis(), small.writes().medianMillis()),
              times(large.writes().p99Millis(), small.writes().p99Millis())));
    }
    long under = sizes.stream().filter(z -> z.writes().p99OverMedian() < TAIL_BOUND).count();
    s.append(
        String.format(
            Locale.ROOT,
            "p99 ÷ median of a replicated WRITE is under %.0f at %d of %d file counts.\n\n",
            TAIL_BOUND,
            under,
            sizes.size()));
  }

  private static void creation(StringBuilder s, CheckpointsResults r) {
    s.append("## Creating the files\n\n");
    s.append(
        "| files | created | time, s | files/s | directories | checkpoints meanwhile |"
            + " checkpoint mean, ms | checkpoint max, ms |\n");
    s.append("|---|---|---|---|---|---|---|---|\n");
    for (CheckpointsResults.Size z : r.sizes()) {
      CheckpointTally.Checkpoints c = z.whileCreating();
      s.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %.1f | %.1f | %d | %d | %s | %s |\n",
              z.files(),
              z.created(),
              z.creation().toNanos() / 1e9,
              z.creationRate(),
              z.directories(),
              c.taken(),
              millis(c.meanSeconds()),
              millis(c.maxSeconds())));
    }
    s.append('\n');
  }

  private static void method(StringBuilder s, CheckpointsOptions o) {
    s.append("## Method\n\n");
    s.append(
        "- A checkpoint's time is measured by each replica around the engine's checkpoint"
            + " (`NfsReplica.snapshot`: the incremental copy-on-write checkpoint of the abstract"
            + " state — re-hashing the entries changed since the previous one — and the"
            + " descriptor's encoding), with its local monotonic clock, and served as metrics"
            + " (`bftnfs_checkpoints_taken_total`, `bftnfs_checkpoint_seconds_total`,"
            + " `bftnfs_last_checkpoint_seconds`). The bench reads every replica's metrics before"
            + " and after the load and every "
            + CheckpointWatch.POLL.toMillis()
            + " ms in between: the mean is the seconds added up ÷ the checkpoints taken; the"
            + " longest is the longest of those seen one by one (a reading that found exactly one"
            + " more checkpoint than the previous).\n");
    s.append(
        "- A checkpoint re-hashes the objects changed since the previous one, and a file is one"
            + " object (its whole contents): each checkpoint of this load hashes the "
            + TimedWrites.FILES
            + " files written, "
            + TimedWrites.FILES
            + " × "
            + o.fileKib()
            + " KiB, whatever the number of files in the file system.\n");
    s.append(
        "- A WRITE's latency runs from the call to its answer at the bench's client: through the"
            + " relay, ordered by the replicas (BFT-SMaRt), executed by each conformance wrapper"
            + " over its local directory, answered by f + 1 matching replies. Quantiles by the"
            + " nearest-rank method over every call of the load; the warm-up's calls are not"
            + " counted.\n");
    s.append(
        "- Before each load the bench waits until every replica executed what its peers"
            + " executed, so the checkpoints of the creation are over.\n");
    s.append(
        "- The files are created through the relay (the project's NFSv3 client), never into an"
            + " export directly; each file count adds files to the previous one.\n");
    s.append(
        "- Everything runs on this one machine: four replica JVMs, the relay and the bench's"
            + " clients share its cores.\n");
  }

  /** "×1.20": {@code a} ÷ {@code b}; "–" when either is NaN (no checkpoint). */
  static String times(double a, double b) {
    double r = a / b;
    return Double.isNaN(r) || Double.isInfinite(r) ? "–" : String.format(Locale.ROOT, "×%.2f", r);
  }

  /** Milliseconds with two decimals; "–" for NaN (none). */
  static String millis(double seconds) {
    return Double.isNaN(seconds) ? "–" : String.format(Locale.ROOT, "%.2f", seconds * 1000);
  }

  /** A number without needless decimals: 20, 2.5. */
  static String number(double s) {
    return s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.1f", s);
  }
}
