package org.bftnfs.bench.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.bftnfs.bench.cluster.BenchCluster;
import org.bftnfs.bench.cluster.InstalledCheckpoint;
import org.bftnfs.bench.cluster.Jukebox;
import org.bftnfs.bench.cluster.ReportText;
import org.bftnfs.replication.config.RecoveryConfig;

/**
 * The markdown report of a {@code bftnfs bench recovery} run ({@code recovery.md}): the command,
 * the machine, then one table per measurement and the window of vulnerability they give for the
 * default schedule. Every figure comes from {@link RecoveryResults}.
 */
public final class RecoveryReport {

  /** The report's file name in the output directory. */
  public static final String FILE = "recovery.md";

  private RecoveryReport() {}

  /** Writes the report into {@code dir}; returns its path. */
  public static Path write(RecoveryResults r, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    Files.writeString(file, markdown(r), StandardCharsets.UTF_8);
    return file;
  }

  /** The report's text. */
  public static String markdown(RecoveryResults r) {
    RecoveryOptions o = r.options();
    StringBuilder s = new StringBuilder();
    s.append("# Recovery and state transfer\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "Measured by `bftnfs bench recovery` starting %s; the whole run took %.1f minutes.\n\n",
            r.started(),
            r.total().toNanos() / 60e9));
    ReportText.command(s, r.environment(), "recovery", o.args());
    ReportText.machine(s, r.machine(), r.loadBefore(), r.loadAfter());
    setup(s, r);
    recoveries(s, r);
    window(s, r);
    transfer(s, r);
    throughput(s, r);
    method(s, o);
    return s.toString();
  }

  private static void setup(StringBuilder s, RecoveryResults r) {
    RecoveryOptions o = r.options();
    s.append("## Setup\n\n| | |\n|---|---|\n");
    ReportText.row(
        s,
        "cluster",
        "4 replica processes (f = 1), each over a local-directory backend, one relay");
    ReportText.row(
        s,
        "file system",
        String.format(
            Locale.ROOT,
            "%s: %d files of %s, written through the relay in %.1f s (%.1f MiB/s)",
            bytes((long) o.sizeMib() << 20),
            o.files(),
            bytes(o.fileBytes()),
            r.fill().toNanos() / 1e9,
            (r.fillBytes() / 1048576.0) / (r.fill().toNanos() / 1e9)));
    ReportText.row(
        s, "replica recovered", o.replica() + (o.replica() == 0 ? " (the first leader)" : ""));
    ReportText.row(s, "ordering.checkpointPeriod", String.valueOf(o.checkpointPeriod()));
    ReportText.row(s, "replica heap (-Xmx)", r.replicaHeap());
    ReportText.row(
        s,
        "client calls answered JUKEBOX and retried",
        r.jukeboxRetries() + " (a call is retried at most " + Jukebox.ATTEMPTS + " times)");
    ReportText.row(
        s, "scrubbing, proactive recovery", "off (the bench stops and starts the replica itself)");
    s.append('\n');
  }

  private static void recoveries(StringBuilder s, RecoveryResults r) {
    s.append("## Recovery of a replica with corrupt files\n\n");
    s.append(
        "The replica is stopped cleanly (SIGTERM), the first "
            + Corruption.BYTES
            + " bytes of the given share of its files are inverted in its export, and it is started"
            + " again; it has recovered when it logs the checkpoint it installed from its peers."
            + " Times in seconds.\n\n");
    s.append(
        "| corrupt | files corrupted | stop | start → ready | start → installed | recovery (stop +"
            + " start) | objects fetched | bytes fetched | tree nodes fetched | objects that"
            + " differed |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RecoveryResults.Recovery rec : r.recoveries()) {
      if (rec.restart().isEmpty()) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %s%% | %d | %s | FAILED: %s | | | | | | |\n",
                percent(rec.percent()),
                rec.corrupted(),
                seconds(rec.stop()),
                rec.failure().orElse("").replace("|", "/")));
        continue;
      }
      BenchCluster.Restart restart = rec.restart().get();
      InstalledCheckpoint c = restart.installed();
      s.append(
          String.format(
              Locale.ROOT,
              "| %s%% | %d | %s | %s | %s | **%s** | %d | %s | %d | %d |\n",
              percent(rec.percent()),
              rec.corrupted(),
              seconds(rec.stop()),
              restart.readyAfter().map(RecoveryReport::seconds).orElse("–"),
              seconds(restart.installedAfter()),
              seconds(rec.total().orElseThrow()),
              c.objects(),
              bytes(c.bytes()),
              c.treeNodes(),
              c.differed()));
    }
    s.append('\n');
  }

  private static void window(StringBuilder s, RecoveryResults r) {
    RecoveryConfig d = RecoveryConfig.defaults(BenchCluster.REPLICAS);
    Duration longest = r.longestRecovery();
    s.append("## Window of vulnerability\n\n");
    if (r.recoveries().stream().allMatch(rec -> rec.total().isEmpty())) {
      s.append("No recovery ended.\n\n");
      return;
    }
    Duration w = VulnerabilityWindow.of(d.period(), d.stagger(), longest);
    s.append(
        String.format(
            Locale.ROOT,
            "For the default schedule (`recovery.period` %d s, stagger %d s) and the longest"
                + " recovery measured here (%s s), the window is %d + max(%d, %s) = **%s s**"
                + " (%.1f minutes); the recovery %s within its %d s slot.\n\n",
            d.period().toSeconds(),
            d.stagger().toSeconds(),
            seconds(longest),
            d.period().toSeconds(),
            d.stagger().toSeconds(),
            seconds(longest),
            seconds(w),
            w.toNanos() / 60e9,
            VulnerabilityWindow.withinSlot(d.stagger(), longest) ? "ends" : "does NOT end",
            d.stagger().toSeconds()));
    if (r.anyFailed()) {
      s.append(
          "A recovery failed (above): a replica that cannot finish its recovery stays down, and"
              + " the window does not bound its faults.\n\n");
    }
  }

  private static void transfer(StringBuilder s, RecoveryResults r) {
    RecoveryResults.Transfer t = r.transfer();
    InstalledCheckpoint c = t.restart().installed();
    s.append("## State transfer to a replica that fell behind\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "The replica is stopped cleanly; %s%% of the files (%d) are rewritten whole through the"
                + " service, and the tick file written (a checkpoint period and %d more times, so"
                + " that a checkpoint covers the changes); then it is started again.\n\n",
            percent(r.options().changed()),
            t.changedFiles(),
            RecoveryRun.EXTRA_TICKS));
    s.append(
        "| changed objects | their bytes | objects fetched | bytes fetched | fetched ÷ changed"
            + " bytes | tree nodes fetched | start → installed, s |\n");
    s.append("|---|---|---|---|---|---|---|\n");
    s.append(
        String.format(
            Locale.ROOT,
            "| %d (%s + the tick file) | %s | %d | %s | **%.3f** | %d | %s |\n\n",
            t.changedObjects(),
            count(t.changedFiles(), "file"),
            bytes(t.changedBytes()),
            c.objects(),
            bytes(c.bytes()),
            t.ratio(),
            c.treeNodes(),
            seconds(t.restart().installedAfter())));
  }

  private static void throughput(StringBuilder s, RecoveryResults r) {
    RecoveryResults.Throughput t = r.throughput();
    s.append("## Throughput during a recovery\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "One client writes %d bytes at a time (FILE_SYNC, one ordered request each) without"
                + " pause. Calls answered per second over %s s before the recovery, and from the"
                + " stop until the restarted replica installed its checkpoint (%s s; it fetched %s)."
                + "\n\n",
            Load.WRITE_BYTES,
            seconds(t.before()),
            seconds(t.during()),
            count(t.recovery().installed().objects(), "object")));
    s.append("| before, calls/s | during, calls/s | during ÷ before |\n|---|---|---|\n");
    s.append(
        String.format(
            Locale.ROOT,
            "| %.1f (%d calls) | %.1f (%d calls) | **%.2f** |\n\n",
            t.beforePerSecond(),
            t.beforeCalls(),
            t.duringPerSecond(),
            t.duringCalls(),
            t.ratio()));
  }

  private static void method(StringBuilder s, RecoveryOptions o) {
    s.append("## Method\n\n");
    s.append(
        "- A recovery here is a clean stop of the replica process and a start of a new one from"
            + " what is on disk: the same work a proactive recovery does inside the process (close"
            + " the node: engine stopped, rep saved, backend stopped; start it: backend again, rep"
            + " read back, tree computed from `getObj` of every object, the state f+1 peers vouch"
            + " for installed, only differing objects fetched), plus a JVM start, so these times"
            + " are if anything longer than an in-process recovery's.\n");
    s.append(
        "- \"start → installed\" runs from the launch of the new process to its log line"
            + " `replica I: installed checkpoint N: fetched K objects (B bytes) and T tree nodes"
            + " from its peers, D objects differed`, which gives the figures fetched; the bench"
            + " polls the log every 50 ms.\n");
    s.append(
        "- Before each stop the tick file is written a checkpoint period and "
            + RecoveryRun.EXTRA_TICKS
            + " more times, so the group's latest checkpoint holds every change but those last"
            + " writes: a replica that executed them goes back to that checkpoint, so the tick file"
            + " (8 bytes) is typically among the objects fetched even with nothing corrupt.\n");
    s.append(
        "- Everything runs on this one machine: four replica JVMs, the relay and the bench's"
            + " client share its cores, so a replica's start competes with the others' work.\n");
    s.append(
        "- The file system is written through the relay (the project's NFSv3 client, FILE_SYNC,"
            + " 4 MiB calls), never into an export directly; only the corruption is written into"
            + " the stopped replica's export.\n");
  }

  /** A percentage without needless decimals: 0, 1, 0.5, 100. */
  static String percent(double p) {
    return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%s", p);
  }

  /** "1 file", "3 files". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Seconds with two decimals. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f", d.toNanos() / 1e9);
  }

  /** Bytes in the largest binary unit that keeps a whole part: 512 B, 64.0 MiB, 1.00 GiB. */
  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1L << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    if (b < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GiB", b / 1073741824.0);
  }
}
