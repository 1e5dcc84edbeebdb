package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.relay.Relay;
import org.bftnfs.relay.RelayConfig;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.node.RelayNode;

/**
 * {@code bftnfs relay --config F --port P}: a relay (paper §3.2, Figure 2) for the replicated
 * service described by the cluster file: an NFSv3 + MOUNT server whose every call is a replicated
 * invocation. Prints the {@code ready: nfs://...} line once a client can mount.
 */
final class RelayCommand {

  static final String USAGE =
      "relay options:\n"
          + "  --config F       the cluster file\n"
          + "  --port P         NFS (and MOUNT) port on 127.0.0.1 (0 picks a free one)\n"
          + "  --mount-port M   a separate MOUNT port\n"
          + "  --id R           this relay's id (default 0)\n"
          + "  --bind ADDR      address to listen on (default 127.0.0.1)\n"
          + "  --export PATH    export path (default /bftnfs)\n"
          + "  --give-up S      seconds a call may wait for a quorum before the client is answered\n"
          + "                   NFS3ERR_JUKEBOX and retries (default 40)\n";

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(40);
  private static final int WORKER_THREADS = 8;

  private final PrintStream out;

  RelayCommand(PrintStream out) {
    this.out = out;
  }

  int run(List<String> args, StopSignal stop)
      throws UsageException, CommandFailedException, InterruptedException {
    CommandOptions o =
        CommandOptions.parse(
            "relay",
            args,
            Set.of(
                "--config", "--port", "--mount-port", "--id", "--bind", "--export", "--give-up"));
    ClusterConfig config = ReplicaCommand.load(o.path("--config"));
    int port = o.integer("--port", -1, 0, 65535);
    if (port < 0) {
      throw new UsageException("relay needs --port");
    }
    RelayConfig relayConfig =
        RelayStartup.config(
            o.optional("--bind").orElse("127.0.0.1"),
            port,
            o.integer("--mount-port", RelayConfig.SHARED_PORT, 0, 65535),
            o.optional("--export").orElse("/bftnfs"),
            false,
            config.spec());
    int relayId = o.integer("--id", 0, 0, config.relays() - 1);
    Duration giveUp =
        Duration.ofSeconds(o.integer("--give-up", (int) TOTAL_TIMEOUT.toSeconds(), 1, 3600));
    serve(config, relayId, relayConfig, giveUp, out, stop);
    return 0;
  }

  /** Runs a relay for {@code config} until {@code stop} fires, with the default give-up time. */
  static void serve(
      ClusterConfig config, int relayId, RelayConfig relayConfig, PrintStream out, StopSignal stop)
      throws UsageException, CommandFailedException, InterruptedException {
    serve(config, relayId, relayConfig, TOTAL_TIMEOUT, out, stop);
  }

  /**
   * Runs a relay for {@code config} until {@code stop} fires; a call without a quorum after {@code
   * giveUp} is answered {@code NFS3ERR_JUKEBOX}.
   */
  static void serve(
      ClusterConfig config,
      int relayId,
      RelayConfig relayConfig,
      Duration giveUp,
      PrintStream out,
      StopSignal stop)
      throws UsageException, CommandFailedException, InterruptedException {
    ExecutorService workers =
        Executors.newFixedThreadPool(WORKER_THREADS, RelayStartup.daemon("bftnfs-relay"));
    try (RelayNode node = connect(config, relayId, giveUp)) {
      Relay relay = new Relay(relayConfig, node.service(), config.spec().handles(), workers);
      RelayStartup.start(relay, relayConfig);
      try {
        out.println(
            "note: replicated over "
                + config.n()
                + " replicas (f = "
                + config.f()
                + "); a state-changing call needs "
                + (config.f() + 1)
                + " matching signed replies, a read-only call "
                + (2 * config.f() + 1)
                + " (or "
                + (config.f() + 1)
                + " through the order)");
        out.println("note: engine client id " + node.engineClientId() + " (random at each start)");
        out.println("ready: " + relay.url());
        out.flush();
        stop.await();
      } finally {
        relay.stop();
      }
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static RelayNode connect(ClusterConfig config, int relayId, Duration giveUp)
      throws CommandFailedException {
    Duration attempt = giveUp.compareTo(ATTEMPT_TIMEOUT) < 0 ? giveUp : ATTEMPT_TIMEOUT;
    try {
      return RelayNode.connect(config, relayId, attempt, giveUp);
    } catch (IOException | RuntimeException e) {
      throw new CommandFailedException("relay " + relayId + " cannot connect: " + e.getMessage());
    }
  }
}
