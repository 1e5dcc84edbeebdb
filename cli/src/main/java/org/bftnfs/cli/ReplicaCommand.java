package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.bftnfs.backend.BackendException;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.replica.LyingStateMachine;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;

/**
 * {@code bftnfs replica --config F --id I}: runs one replica of a cluster until stopped; prints
 * {@code replica I ready} once it takes part in ordering. A clean stop saves its conformance rep.
 *
 * <p>Fault injection, for tests only: with {@code BFTNFS_FAULT=lie} in the environment the replica
 * is Byzantine — it signs wrong data in its READ replies ({@link LyingStateMachine}) — and says so
 * on a {@code warning:} line before the ready line.
 */
final class ReplicaCommand {

  static final String USAGE =
      "replica options:\n"
          + "  --config F      the cluster file (see docs/replication.md)\n"
          + "  --id I          this replica's id\n";

  /** The environment variable that turns a fault on (tests only). */
  static final String FAULT_VARIABLE = "BFTNFS_FAULT";

  private final PrintStream out;
  private final String fault;

  ReplicaCommand(PrintStream out) {
    this(out, System.getenv(FAULT_VARIABLE));
  }

  /**
   * @param fault the value of {@value #FAULT_VARIABLE}: null or empty for an honest replica
   */
  ReplicaCommand(PrintStream out, String fault) {
    this.out = out;
    this.fault = fault;
  }

  int run(List<String> args, StopSignal stop)
      throws UsageException, CommandFailedException, InterruptedException {
    CommandOptions o = CommandOptions.parse("replica", args, Set.of("--config", "--id"));
    ClusterConfig config = load(o.path("--config"));
    int id = o.integer("--id", -1, 0, config.n() - 1);
    if (id < 0) {
      throw new UsageException("replica needs --id (0.." + (config.n() - 1) + ")");
    }
    UnaryOperator<StateMachine> injected = faultInjection(id);
    ReplicaNode node;
    try {
      node = ReplicaNode.start(config, id, injected);
    } catch (IOException | BackendException | ReplicaFaultException | CommandFailedException e) {
      throw new CommandFailedException("replica " + id + " cannot start: " + e.getMessage());
    }
    String failure;
    try {
      out.println("replica " + id + " ready");
      out.flush();
      failure = awaitStopOrFailure(stop, node.failure().toCompletableFuture());
    } finally {
      node.close();
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

  /** What {@value #FAULT_VARIABLE} asks for: nothing, or a lying state machine. */
  private UnaryOperator<StateMachine> faultInjection(int id) throws UsageException {
    if (fault == null || fault.isEmpty()) {
      return UnaryOperator.identity();
    }
    if (!fault.equals("lie")) {
      throw new UsageException(
          FAULT_VARIABLE + " must be 'lie' (fault-injection tests only), not '" + fault + "'");
    }
    out.println(
        "warning: "
            + FAULT_VARIABLE
            + "=lie: replica "
            + id
            + " signs wrong data in READ replies (fault injection, tests only)");
    return LyingStateMachine::new;
  }

  static ClusterConfig load(Path file) throws UsageException {
    try {
      return ClusterConfig.load(file);
    } catch (ClusterConfig.Invalid e) {
      throw new UsageException(e.getMessage());
    }
  }
}
