package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.bftnfs.backend.BackendException;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.replica.LyingStateMachine;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bftnfs replica --config F --id I}: runs one replica of a cluster until stopped; prints
 * {@code replica I ready} once it takes part in ordering. A clean stop saves its conformance rep.
 *
 * <p>Fault injection, for tests only: with {@code BFTNFS_FAULT=lie} in the environment the replica
 * is Byzantine — it signs wrong data in its READ replies ({@link LyingStateMachine}) — and says so
 * on a {@code warning:} line before the ready line.
 */
@Command(name = "replica", description = "Runs one replica of a cluster until stopped.")
final class ReplicaCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "F",
      description = "the cluster file, see docs/replication.md (required)")
  String config;

  @Option(names = "--id", paramLabel = "I", description = "this replica's id (required)")
  String id;

  /** The environment variable that turns a fault on (tests only). */
  static final String FAULT_VARIABLE = "BFTNFS_FAULT";

  private final PrintStream out;
  private final StopSignal stop;
  private final String fault;

  /**
   * @param out where the ready line goes
   * @param stop what the replica runs until
   */
  ReplicaCommand(PrintStream out, StopSignal stop) {
    this(out, stop, System.getenv(FAULT_VARIABLE));
  }

  /**
   * @param fault the value of {@value #FAULT_VARIABLE}: null or empty for an honest replica
   */
  ReplicaCommand(PrintStream out, StopSignal stop, String fault) {
    this.out = out;
    this.stop = stop;
    this.fault = fault;
  }

  /** Runs the replica until stopped; returns the exit code (0). */
  @Override
  public Integer call() throws UsageException, CommandFailedException, InterruptedException {
    ClusterConfig config = load(OptionValues.path("replica", "--config", this.config));
    int id = OptionValues.integer("--id", this.id, -1, 0, config.n() - 1);
    if (id < 0) {
      throw new UsageException("replica needs --id (0.." + (config.n() - 1) + ")");
    }
    InjectedFaults injected = faultInjection(id);
    RecoveringReplica replica;
    try {
      replica =
          RecoveringReplica.startServingMetrics(
              config, id, Clock.systemUTC(), () -> ReplicaNode.start(config, id, injected));
    } catch (IOException | BackendException | ReplicaFaultException | CommandFailedException e) {
      throw new CommandFailedException("replica " + id + " cannot start: " + e.getMessage());
    }
    String failure;
    try {
      ClusterConfig.Replica me = config.replicas().get(id);
      out.println("note: metrics at " + ScrapedMetrics.uri(me.host(), me.metricsPort()));
      out.println("replica " + id + " ready");
      out.flush();
      failure = awaitStopOrFailure(stop, replica.failure().toCompletableFuture());
    } finally {
      replica.close();
    }
    if (failure != null) {
      throw new CommandFailedException("replica " + id + " stopped: " + failure);
    }
    return 0;
  }

  /**
   * Waits until {@code stop} fires (returns null) or the replica stops on its own (returns why).
   */
  static String awaitStopOrFailure(StopSignal stop, CompletableFuture<String> failure)
      throws InterruptedException {
    CompletableFuture<String> stopped = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                stop.await();
                stopped.complete(null);
              } catch (InterruptedException e) {
                stopped.complete(null);
              }
            },
            "bftnfs-replica-stop-signal");
    waiter.setDaemon(true);
    waiter.start();
    try {
      return (String) CompletableFuture.anyOf(stopped, failure).get();
    } catch (java.util.concurrent.ExecutionException e) {
      return String.valueOf(e.getCause());
    } finally {
      waiter.interrupt();
    }
  }

  /** What {@value #FAULT_VARIABLE} asks for: nothing, or a Byzantine replica. */
  private InjectedFaults faultInjection(int id) throws UsageException {
    InjectedFaults faults;
    try {
      faults = InjectedFaults.named(fault);
    } catch (IllegalArgumentException e) {
      throw new UsageException(FAULT_VARIABLE + " " + e.getMessage());
    }
    if (faults != InjectedFaults.NONE) {
      out.println(
          "warning: "
              + FAULT_VARIABLE
              + "="
              + fault
              + ": replica "
              + id
              + " "
              + faults.description()
              + " (fault injection, tests only)");
    }
    return faults;
  }

  static ClusterConfig load(Path file) throws UsageException {
    try {
      return ClusterConfig.load(file);
    } catch (ClusterConfig.Invalid e) {
      throw new UsageException(e.getMessage());
    }
  }
}
