package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.relay.Relay;
import org.bftnfs.relay.RelayConfig;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.node.RelayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bftnfs relay --config F --port P}: a relay (paper §3.2, Figure 2) for the replicated
 * service described by the cluster file: an NFSv3 + MOUNT server whose every call is a replicated
 * invocation. Prints the {@code ready: nfs://...} line once a client can mount.
 */
@Command(
    name = "relay",
    description = "Runs a relay: an NFSv3 export of a replicated cluster, until stopped.")
final class RelayCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "F", description = "the cluster file (required)")
  String config;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "NFS (and MOUNT) port, 0 picks a free one (required)")
  String port;

  @Option(names = "--mount-port", paramLabel = "M", description = "a separate MOUNT port")
  String mountPort;

  @Option(names = "--id", paramLabel = "R", description = "this relay's id (default 0)")
  String id;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description = "address to listen on (default 127.0.0.1)")
  String bind;

  @Option(names = "--export", paramLabel = "PATH", description = "export path (default /bftnfs)")
  String export;

  @Option(
      names = "--give-up",
      paramLabel = "S",
      description =
          "seconds a call may wait for a quorum before the client is answered NFS3ERR_JUKEBOX"
              + " and retries (default 40)")
  String giveUp;

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(40);
  private static final int WORKER_THREADS = 8;

  private final PrintStream out;
  private final StopSignal stop;

  /**
   * @param out where the notes and the ready line go
   * @param stop what the relay runs until
   */
  RelayCommand(PrintStream out, StopSignal stop) {
    this.out = out;
    this.stop = stop;
  }

  /** Runs the relay until stopped; returns the exit code (0). */
  @Override
  public Integer call() throws UsageException, CommandFailedException, InterruptedException {
    ClusterConfig config = ReplicaCommand.load(OptionValues.path("relay", "--config", this.config));
    int port = OptionValues.integer("--port", this.port, -1, 0, 65535);
    if (port < 0) {
      throw new UsageException("relay needs --port");
    }
    RelayConfig relayConfig =
        RelayStartup.config(
            bind == null ? "127.0.0.1" : bind,
            port,
            OptionValues.integer("--mount-port", mountPort, RelayConfig.SHARED_PORT, 0, 65535),
            export == null ? "/bftnfs" : export,
            false,
            config.spec());
    int relayId = OptionValues.integer("--id", id, 0, 0, config.relays() - 1);
    Duration giveUp =
        Duration.ofSeconds(
            OptionValues.integer(
                "--give-up", this.giveUp, (int) TOTAL_TIMEOUT.toSeconds(), 1, 3600));
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
