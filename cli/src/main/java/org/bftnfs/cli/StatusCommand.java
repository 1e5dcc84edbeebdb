package org.bftnfs.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.smart.ReplicaStatus;
import org.bftnfs.replication.ordering.smart.SmartClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bftnfs status --config F}: asks every replica of the cluster how it is and prints one line
 * per replica — whether it answers, whether it has started, the last consensus instance it
 * executed, and whether it is executing or stalled (its own watchdog's verdict). Exit code 0 when
 * every replica answers and executes, 3 otherwise (the service may still be available: it tolerates
 * f replicas down).
 */
@Command(
    name = "status",
    description = "How each replica of a cluster is (exit code 3 when one does not execute).")
final class StatusCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "F", description = "the cluster file (required)")
  String config;

  @Option(
      names = "--wait",
      paramLabel = "S",
      description = "seconds to wait for answers (default 3)")
  String wait;

  /** Exit code when some replica does not answer or does not execute. */
  static final int DEGRADED = 3;

  private final PrintStream out;

  StatusCommand(PrintStream out) {
    this.out = out;
  }

  /** Asks and prints; returns the exit code: 0 healthy, {@value #DEGRADED} otherwise. */
  @Override
  public Integer call() throws UsageException, InterruptedException {
    ClusterConfig config =
        ReplicaCommand.load(OptionValues.path("status", "--config", this.config));
    Duration wait = Duration.ofSeconds(OptionValues.integer("--wait", this.wait, 3, 1, 600));
    SortedMap<Integer, ReplicaStatus> answers = SmartClient.probe(config.ordering(), wait);
    boolean healthy = true;
    for (int i = 0; i < config.n(); i++) {
      ReplicaStatus s = answers.get(i);
      ClusterConfig.Replica r = config.replicas().get(i);
      String where = r.host() + ":" + r.port() + " (" + r.backend().name().toLowerCase() + ")";
      if (s == null) {
        out.println("replica " + i + " " + where + ": no answer within " + wait.toSeconds() + " s");
        healthy = false;
        continue;
      }
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
    out.println(
        answers.size()
            + " of "
            + config.n()
            + " replicas answer; the service needs "
            + (2 * config.f() + 1)
            + " to order requests");
    return healthy ? 0 : DEGRADED;
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
