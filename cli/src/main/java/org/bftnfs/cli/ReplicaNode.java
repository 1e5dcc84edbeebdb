package org.bftnfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.backend.local.LocalDirectoryBackend;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.OrderingReplica;
import org.bftnfs.replication.ordering.smart.SmartReplica;
import org.bftnfs.replication.replica.NfsReplica;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.wrapper.ConformanceWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running replica: its backend (an in-memory reference, a local directory, or its own
 * nfs-ganesha), the conformance wrapper over it (restored from the saved conformance rep when there
 * is one), the {@link NfsReplica} application, and the ordering engine.
 *
 * <p>Its data directory holds {@code export/} (the backend's files), {@code conformance-rep} (saved
 * at {@link #close()}), and for ganesha the server's own files under {@code ganesha/}.
 */
public final class ReplicaNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaNode.class);

  /** The saved conformance rep in a replica's data directory. */
  public static final String SAVED_REP = "conformance-rep";

  private final int id;
  private final OrderingReplica engine;
  private final StateMachine machine;
  private final ConformanceWrapper wrapper;
  private final GaneshaServer ganesha;
  private final Path data;

  private ReplicaNode(
      int id,
      OrderingReplica engine,
      StateMachine machine,
      ConformanceWrapper wrapper,
      GaneshaServer ganesha,
      Path data) {
    this.id = id;
    this.engine = engine;
    this.machine = machine;
    this.wrapper = wrapper;
    this.ganesha = ganesha;
    this.data = data;
  }

  /**
   * Starts replica {@code id} of {@code config}.
   *
   * @throws IOException when its keys or data directory cannot be read or made
   */
  public static ReplicaNode start(ClusterConfig config, int id) throws IOException {
    return start(config, id, UnaryOperator.identity());
  }

  /**
   * Starts replica {@code id} of {@code config} with its state machine wrapped by {@code fault}:
   * the identity in a deployment; fault-injection tests pass e.g. {@code LyingStateMachine::new} to
   * make this replica Byzantine.
   *
   * @throws IOException when its keys or data directory cannot be read or made
   */
  public static ReplicaNode start(ClusterConfig config, int id, UnaryOperator<StateMachine> fault)
      throws IOException {
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
    Path data = me.data();
    Files.createDirectories(data);
    GaneshaServer ganesha = null;
    ConformanceWrapper wrapper = null;
    StateMachine machine;
    switch (me.backend()) {
      case SPEC -> machine = StateMachine.reference(config.spec());
      case LOCAL -> {
        wrapper = wrapper(LocalDirectoryBackend.open(export(data)), config, data);
        machine = wrapper;
      }
      case GANESHA -> {
        ganesha = GaneshaServer.start(export(data));
        wrapper = wrapper(ganesha.openBackend(), config, data);
        machine = wrapper;
      }
      default -> throw new IllegalStateException("unknown backend " + me.backend());
    }
    NfsReplica app =
        new NfsReplica(
            id, key, r -> r >= 0 && r < relays.size() ? relays.get(r) : null, fault.apply(machine));
    OrderingReplica engine = SmartReplica.start(config.ordering(), id, app);
    return new ReplicaNode(id, engine, machine, wrapper, ganesha, data);
  }

  private static Path export(Path data) throws IOException {
    return Files.createDirectories(data.resolve("export"));
  }

  /**
   * The wrapper over the replica's backend: restored from the conformance rep saved at the last
   * clean stop (which is then removed, so that a later crash never restores a stale rep), or —
   * after a crash, or the first time — a clean, empty export: the paper's recovery "restarts the
   * implementation from a clean initial concrete state", and the engine's state transfer then
   * brings it up to date (paper §2.2, §3.4).
   */
  private static ConformanceWrapper wrapper(Backend backend, ClusterConfig config, Path data)
      throws IOException {
    Path saved = data.resolve(SAVED_REP);
    if (Files.exists(saved)) {
      ConformanceWrapper w = ConformanceWrapper.restore(backend, config.spec(), saved);
      Files.delete(saved);
      return w;
    }
    try {
      return ConformanceWrapper.create(backend, config.spec());
    } catch (ReplicaFaultException notEmpty) {
      LOG.warn(
          "{}: no saved conformance rep; starting from a clean export ({})",
          backend.describe(),
          notEmpty.getMessage());
      CleanExport.wipe(backend);
      return ConformanceWrapper.create(backend, config.spec());
    }
  }

  public int id() {
    return id;
  }

  /** Completes, with the reason, when the replica stopped on its own (see {@link #close}). */
  public java.util.concurrent.CompletionStage<String> failure() {
    return engine.failure();
  }

  /** Stops the engine, saves the conformance rep, stops the backend. */
  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      try {
        if (wrapper != null && wrapper.fault() == null) {
          wrapper.saveRep(data.resolve(SAVED_REP));
        }
      } finally {
        machine.close();
        if (ganesha != null) {
          ganesha.close();
        }
      }
    }
  }
}
