package org.bftnfs.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.smart.ReplicaStatus;
import org.bftnfs.replication.ordering.smart.SmartClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bftnfs status --config F}: asks every replica of the cluster how it is and prints, per
 * replica, one line from its status ping (through the ordering engine) — whether it answers,
 * whether it has started, the last consensus instance it executed, the leader it follows, and
 * whether it is executing or stalled (its own watchdog's verdict) — and one line from its metrics
 * endpoint ({@link ReplicaMetrics}, read over HTTP) — its latest checkpoint (number, root prefix,
 * age), objects repaired by the scrubber and by recoveries (and divergences repaired in place, if
 * any), its last and next recovery and the window of vulnerability in force (or that it has no
 * proactive recovery). Then whether the replicas' checkpoint roots agree ({@link
 * CheckpointAgreement}).
 *
 * <p>Exit code 0 when every replica answers and executes and no checkpoint roots differ, {@value
 * #DEGRADED} otherwise (the service may still be available: it tolerates f faulty replicas). A
 * metrics endpoint that does not answer is reported on the replica's line; alone it does not make
 * the cluster degraded (the ping decides liveness).
 */
@Command(
    name = "status",
    description =
        "How each replica of a cluster is: liveness, checkpoints, repairs, recovery (exit code 3"
            + " when one does not execute or checkpoint roots differ).")
final class StatusCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "F", description = "the cluster file (required)")
  String config;

  @Option(
      names = "--wait",
      paramLabel = "S",
      description = "seconds to wait for answers (default 3)")
  String wait;

  /** Exit code when some replica does not answer or does not execute, or roots differ. */
  static final int DEGRADED = 3;

  private final PrintStream out;
  private final Clock clock;

  /**
   * @param clock what recovery times are shown relative to
   */
  StatusCommand(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** Asks and prints; returns the exit code: 0 healthy, {@value #DEGRADED} otherwise. */
  @Override
  public Integer call() throws UsageException, InterruptedException {
    ClusterConfig config =
        ReplicaCommand.load(OptionValues.path("status", "--config", this.config));
    Duration wait = Duration.ofSeconds(OptionValues.integer("--wait", this.wait, 3, 1, 600));
    HttpClient http = HttpClient.newBuilder().connectTimeout(wait).build();
    List<CompletableFuture<String>> pages = new ArrayList<>();
    for (ClusterConfig.Replica r : config.replicas()) {
      pages.add(ScrapedMetrics.fetch(http, metricsUri(r), wait));
    }
    SortedMap<Integer, ReplicaStatus> answers = SmartClient.probe(config.ordering(), wait);
    boolean healthy = true;
    SortedMap<Integer, SortedMap<Long, String>> roots = new TreeMap<>();
    for (int i = 0; i < config.n(); i++) {
      ReplicaStatus s = answers.get(i);
      ClusterConfig.Replica r = config.replicas().get(i);
      String where = r.host() + ":" + r.port() + " (" + r.backend().name().toLowerCase() + ")";
      if (s == null) {
        out.println("replica " + i + " " + where + ": no answer within " + wait.toSeconds() + " s");
        healthy = false;
      } else {
        boolean executing = s.ready() && s.health().equals("EXECUTING");
        healthy &= executing;
        out.println(
            "replica "
                + i
                + " "
                + where
                + ": answers, "
                + (s.ready() ? "started" : "starting or fetching state")
                + ", last executed consensus "
                + s.lastExecuted()
                + (s.leader() >= 0 ? ", follows leader " + s.leader() : "")
                + ", "
                + describe(s));
      }
      ScrapedMetrics m = scraped(r, pages.get(i), wait);
      if (m != null) {
        roots.put(i, m.roots());
      }
    }
    out.println(
        answers.size()
            + " of "
            + config.n()
            + " replicas answer; the service needs "
            + (2 * config.f() + 1)
            + " to order requests");
    CheckpointAgreement.Verdict verdict = CheckpointAgreement.compare(roots);
    verdict.disagreements().forEach(out::println);
    out.println(verdict.summary());
    return healthy && verdict.agree() ? 0 : DEGRADED;
  }

  private static URI metricsUri(ClusterConfig.Replica r) {
    return ScrapedMetrics.uri(r.host(), r.metricsPort());
  }

  /**
   * Prints replica {@code r}'s metrics line (or why there is none) and returns what was read, or
   * null.
   */
  private ScrapedMetrics scraped(
      ClusterConfig.Replica r, CompletableFuture<String> page, Duration wait)
      throws InterruptedException {
    String endpoint = "metrics at " + r.host() + ":" + r.metricsPort();
    String text;
    try {
      text = page.get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      page.cancel(true);
      out.println("  " + endpoint + ": no answer within " + wait.toSeconds() + " s");
      return null;
    } catch (ExecutionException e) {
      out.println("  " + endpoint + ": " + failure(e.getCause(), wait));
      return null;
    }
    ScrapedMetrics m;
    try {
      m = ScrapedMetrics.parse(text);
    } catch (MetricsText.Malformed e) {
      out.println("  " + endpoint + ": not a replica's metrics (" + e.getMessage() + ")");
      return null;
    }
    if (m.replica() != r.id()) {
      out.println(
          "  "
              + endpoint
              + ": answers for replica "
              + m.replica()
              + ", not "
              + r.id()
              + " (check replica."
              + r.id()
              + ".metricsPort)");
      return null;
    }
    out.println("  " + describe(m));
    return m;
  }

  private static String failure(Throwable cause, Duration wait) {
    Throwable c = cause instanceof UncheckedIOException u ? u.getCause() : cause;
    if (c instanceof HttpTimeoutException) {
      return "no answer within " + wait.toSeconds() + " s";
    }
    if (c instanceof ConnectException) {
      return "no answer (connection refused: not running, or another metrics port)";
    }
    String message = c.getMessage();
    return "no answer (" + (message == null || message.isBlank() ? c.toString() : message) + ")";
  }

  /** The metrics line: checkpoint, repairs, recovery. */
  private String describe(ScrapedMetrics m) {
    StringBuilder s = new StringBuilder();
    if (m.checkpoint().isPresent()) {
      s.append("checkpoint ").append(m.checkpoint().get());
      m.latestRoot().ifPresent(root -> s.append(" root ").append(CheckpointAgreement.prefix(root)));
      m.checkpointAgeSeconds().ifPresent(age -> s.append(", ").append(span(age)).append(" old"));
      s.append(m.stable().map(n -> ", stable " + n).orElse(", none stable yet"));
    } else {
      s.append("no checkpoint yet");
    }
    s.append("; repaired ")
        .append(m.repairedByScrubber())
        .append(" objects by scrubbing, ")
        .append(m.repairedByRecoveries())
        .append(" by recoveries");
    if (m.repairedInPlace() > 0) {
      s.append(", ")
          .append(m.repairedInPlace())
          .append(m.repairedInPlace() == 1 ? " divergence" : " divergences")
          .append(" repaired in place");
    }
    s.append("; ");
    if (!m.proactive()) {
      s.append("no proactive recovery");
    } else {
      double now = clock.millis() / 1000.0;
      s.append("last recovery ")
          .append(m.lastRecovery().map(t -> span(now - t) + " ago").orElse("none yet"))
          .append(", next ")
          .append(m.nextRecovery().map(t -> "in " + span(t - now)).orElse("not scheduled"))
          .append(", window of vulnerability ")
          .append(m.windowSeconds().map(StatusCommand::span).orElse("unknown"));
    }
    return s.toString();
  }

  /** A number of seconds as "42 s", "3 min 5 s" or "2 h 10 min" (negative: "0 s"). */
  static String span(double seconds) {
    long total = Math.max(0, Math.round(seconds));
    if (total < 60) {
      return total + " s";
    }
    if (total < 3600) {
      return (total / 60) + " min" + (total % 60 == 0 ? "" : " " + (total % 60) + " s");
    }
    long minutes = (total % 3600) / 60;
    return (total / 3600) + " h" + (minutes == 0 ? "" : " " + minutes + " min");
  }

  private static String describe(ReplicaStatus s) {
    return switch (s.health()) {
      case "EXECUTING" -> "executing";
      case "STALLED" ->
          "STALLED for "
              + s.stalledSeconds()
              + " s (work waiting, nothing executed: quorum lost, or this replica is stuck)";
      case "DEAD" -> "DEAD (its engine stopped executing; it stops)";
      default -> s.health().toLowerCase();
    };
  }
}
