package org.bftnfs.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.smart.ReplicaStatus;
import org.bftnfs.replication.ordering.smart.SmartClient;

/**
 * {@code bftnfs status --config F}: asks every replica of the cluster how it is and prints one line
 * per replica — whether it answers, whether it has started, the last consensus instance it
 * executed, and whether it is executing or stalled (its own watchdog's verdict). Exit code 0 when
 * every replica answers and executes, 3 otherwise (the service may still be available: it tolerates
 * f replicas down).
 */
final class StatusCommand {

  static final String USAGE =
      "status options:\n"
          + "  --config F      the cluster file\n"
          + "  --wait S        seconds to wait for answers (default 3)\n";

  /** Exit code when some replica does not answer or does not execute. */
  static final int DEGRADED = 3;

  private final PrintStream out;

  StatusCommand(PrintStream out) {
    this.out = out;
  }

  int run(List<String> args) throws UsageException, InterruptedException {
    CommandOptions o = CommandOptions.parse("status", args, Set.of("--config", "--wait"));
    ClusterConfig config = ReplicaCommand.load(o.path("--config"));
    Duration wait = Duration.ofSeconds(o.integer("--wait", 3, 1, 600));
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
