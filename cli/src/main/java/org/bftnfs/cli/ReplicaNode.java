package org.bftnfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.OrderingReplica;
import org.bftnfs.replication.ordering.smart.SmartReplica;
import org.bftnfs.replication.replica.NfsReplica;
import org.bftnfs.spec.upcall.StateMachine;

/**
 * One running replica: its {@link Store} (the reference in memory, or a conformance wrapper over a
 * local directory or its own nfs-ganesha, opened by {@link Stores} with the replica's policy: an
 * export without a saved rep starts clean and is brought up to date by state transfer), the {@link
 * NfsReplica} application over the store's state machine, and the ordering engine.
 *
 * <p>Its data directory holds {@code export/} (the backend's files) and {@code conformance-rep}
 * (saved at {@link #close()}, removed when read at start).
 */
public final class ReplicaNode implements AutoCloseable {

  /** The saved conformance rep in a replica's data directory. */
  public static final String SAVED_REP = "conformance-rep";

  private final int id;
  private final OrderingReplica engine;
  private final Store store;

  private ReplicaNode(int id, OrderingReplica engine, Store store) {
    this.id = id;
    this.engine = engine;
    this.store = store;
  }

  /**
   * Starts replica {@code id} of {@code config}.
   *
   * @throws IOException when its keys cannot be read
   * @throws UsageException when its backend is not installed here
   * @throws CommandFailedException when its backend does not start
   */
  public static ReplicaNode start(ClusterConfig config, int id)
      throws IOException, UsageException, CommandFailedException {
    return start(config, id, UnaryOperator.identity());
  }

  /**
   * Starts replica {@code id} of {@code config} with its state machine wrapped by {@code fault}:
   * the identity in a deployment; fault-injection tests pass e.g. {@code LyingStateMachine::new} to
   * make this replica Byzantine.
   *
   * @throws IOException when its keys cannot be read
   * @throws UsageException when its backend is not installed here
   * @throws CommandFailedException when its backend does not start
   */
  public static ReplicaNode start(ClusterConfig config, int id, UnaryOperator<StateMachine> fault)
      throws IOException, UsageException, CommandFailedException {
    if (id < 0 || id >= config.n()) {
      throw new IllegalArgumentException(
          "replica id " + id + " is not in the cluster (0.." + (config.n() - 1) + ")");
    }
    ClusterConfig.Replica me = config.replicas().get(id);
    KeyFiles keys = new KeyFiles(config.keys());
    SigningKey key = keys.signingKey(KeyFiles.Role.REPLICA, id);
    List<VerifyingKey> relays = new ArrayList<>();
    for (int r = 0; r < config.relays(); r++) {
      relays.add(keys.verifyingKey(KeyFiles.Role.RELAY, r));
    }
    Files.createDirectories(me.data());
    Optional<String> ganeshaProblem =
        me.backend() == ClusterConfig.Backend.GANESHA
            ? GaneshaServer.unavailableReason()
            : Optional.empty();
    Store store =
        Stores.open(
            me.backend(),
            DataLayout.of(me.data()).prepare(),
            config.spec(),
            ganeshaProblem,
            Stores.UnknownExport.START_CLEAN);
    try {
      NfsReplica app =
          new NfsReplica(
              id,
              key,
              r -> r >= 0 && r < relays.size() ? relays.get(r) : null,
              fault.apply(store.machine()));
      OrderingReplica engine = SmartReplica.start(config.ordering(), id, app);
      return new ReplicaNode(id, engine, store);
    } catch (RuntimeException e) {
      try {
        store.close(true);
      } catch (CommandFailedException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  public int id() {
    return id;
  }

  /** Completes, with the reason, when the replica stopped on its own (see {@link #close}). */
  public CompletionStage<String> failure() {
    return engine.failure();
  }

  /**
   * Stops the engine, then the store (which saves the conformance rep when the wrapper is healthy).
   *
   * @throws CommandFailedException when the rep could not be saved or the backend not stopped
   */
  @Override
  public void close() throws CommandFailedException {
    try {
      engine.close();
    } finally {
      store.close(true);
    }
  }
}
