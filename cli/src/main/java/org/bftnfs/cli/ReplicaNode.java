package org.bftnfs.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.OrderingReplica;
import org.bftnfs.replication.ordering.smart.SmartReplica;
import org.bftnfs.replication.replica.CheckpointAgreementWatch;
import org.bftnfs.replication.replica.DivergenceRepair;
import org.bftnfs.replication.replica.NfsReplica;
import org.bftnfs.replication.replica.PeerSources;
import org.bftnfs.replication.replica.RemotePeers;
import org.bftnfs.replication.replica.RemoteStatementPeers;
import org.bftnfs.replication.replica.ReplicaCheckpoints;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.FetchResult;
import org.bftnfs.statetransfer.SignatureVerifier;
import org.bftnfs.statetransfer.TreeShape;
import org.bftnfs.statetransfer.rpc.ServedAnswers;
import org.bftnfs.statetransfer.rpc.StateTransferServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running replica: its {@link Store} (the reference in memory, or a conformance wrapper over a
 * local directory or its own nfs-ganesha, opened by {@link Stores} with the replica's policy: an
 * export without a saved rep starts clean and is brought up to date by state transfer), the {@link
 * NfsReplica} application over the store's state machine, and the ordering engine.
 *
 * <p>Its data directory holds {@code export/} (the backend's files) and {@code conformance-rep}
 * (saved at {@link #close()}, removed when read at start). Besides the engine's two ports (client
 * port and port + 1), it serves its checkpoints to peers that fetch state on port + 2, on its host
 * only. (Its metrics are served by the {@link RecoveringReplica} that owns it: they outlive a
 * recovery.)
 *
 * <p>Every {@link #AGREEMENT_PERIOD} it asks its peers, on the same channel, for their signed
 * statements of its latest checkpoints ({@link CheckpointAgreementWatch}): 2f + 1 signatures of its
 * root make a checkpoint stable; f + 1 of another root start an in-place repair ({@link
 * DivergenceRepair}), and {@link #diverged()} completes if that fails.
 */
public final class ReplicaNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaNode.class);

  /** The saved conformance rep in a replica's data directory. */
  public static final String SAVED_REP = "conformance-rep";

  private final int id;
  private final OrderingReplica engine;
  private final StateTransferServer checkpointServer;
  private final ScheduledExecutorService scrubber;
  private final Agreement agreement;
  private final Store store;
  private final NfsReplica app;

  /** The bound on connecting to a peer's state-transfer server and on each request to it. */
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

  /** How long an in-place repair of a diverged state may take before it is escalated. */
  static final Duration REPAIR_DEADLINE = Duration.ofSeconds(90);

  /** The period over which a few divergences are repaired in place before one is escalated. */
  static final Duration REPAIR_WINDOW = Duration.ofHours(1);

  /** How often the peers are asked for their signed statements of this replica's checkpoints. */
  static final Duration AGREEMENT_PERIOD = Duration.ofSeconds(5);

  /** The bound on connecting to a peer and on each STATEMENT call (a round asks a few per peer). */
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);

  /** What an object's encoding may hold beyond its file data (metadata, names, framing). */
  private static final long MAX_OBJECT_OVERHEAD = 1 << 20;

  private ReplicaNode(
      int id,
      OrderingReplica engine,
      StateTransferServer checkpointServer,
      ScheduledExecutorService scrubber,
      Agreement agreement,
      Store store,
      NfsReplica app) {
    this.id = id;
    this.agreement = agreement;
    this.app = app;
    this.engine = engine;
    this.checkpointServer = checkpointServer;
    this.scrubber = scrubber;
    this.store = store;
  }

  /**
   * The background scrubber: every second, {@code perSecond} entries re-read from the backend and
   * checked against the latest checkpoint, a corrupted one repaired from the peers (none when 0).
   */
  private static ScheduledExecutorService scrubber(NfsReplica app, int perSecond) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bftnfs-scrubber");
              t.setDaemon(true);
              return t;
            });
    if (perSecond > 0) {
      timer.scheduleWithFixedDelay(() -> scrubOnce(app, perSecond), 1, 1, TimeUnit.SECONDS);
    }
    return timer;
  }

  /** The checkpoint agreement watch, its peers' connections and the thread that drives it. */
  private record Agreement(
      CheckpointAgreementWatch watch,
      DivergenceRepair repair,
      RemoteStatementPeers peers,
      ScheduledExecutorService timer) {

    static Agreement start(
        ClusterConfig config, int id, NfsReplica app, OrderingReplica engine, SignatureVerifier v) {
      RemoteStatementPeers peers = new RemoteStatementPeers(servers(config, id), STATEMENT_TIMEOUT);
      CheckpointAgreementWatch watch =
          new CheckpointAgreementWatch(
              id,
              config.f(),
              peers.ids(),
              peers,
              v,
              app.checkpoints()::signedStatements,
              app::markStable);
      DivergenceRepair repair =
          new DivergenceRepair(
              id,
              watch,
              engine::repairState,
              app::installs,
              System::nanoTime,
              REPAIR_DEADLINE,
              REPAIR_WINDOW);
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "bftnfs-checkpoint-agreement");
                t.setDaemon(true);
                return t;
              });
      long period = AGREEMENT_PERIOD.toMillis();
      timer.scheduleWithFixedDelay(
          () -> {
            try {
              repair.afterRound(watch.check());
            } catch (RuntimeException e) {
              // the next round tries again
              LOG.warn("replica {}: checking checkpoint agreement failed: {}", id, e.toString());
            }
          },
          period,
          period,
          TimeUnit.MILLISECONDS);
      return new Agreement(watch, repair, peers, timer);
    }

    /** Stops the rounds (a call under way is interrupted: it answers nothing) and the peers. */
    void close() {
      timer.shutdownNow();
      try {
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("checkpoint agreement round did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        peers.close();
      }
    }
  }

  /**
   * Checks replica signatures with the cluster's replica public keys ({@link KeyFiles}; every
   * replica's, this one's included).
   *
   * @throws IOException when a public key cannot be read
   */
  private static SignatureVerifier replicaSignatures(KeyFiles keys, int n) throws IOException {
    List<VerifyingKey> replicas = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      replicas.add(keys.verifyingKey(KeyFiles.Role.REPLICA, r));
    }
    List<VerifyingKey> fixed = List.copyOf(replicas);
    return (r, statement, signature) ->
        r >= 0 && r < fixed.size() && fixed.get(r).verifies(statement, signature);
  }

  private static void scrubOnce(NfsReplica app, int count) {
    try {
      app.scrub(count);
    } catch (RuntimeException e) {
      // the next period tries again; the execution path reports a faulty backend on its own
      LOG.warn("scrubbing failed: {}", e.toString());
    }
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
    return start(config, id, InjectedFaults.NONE);
  }

  /**
   * Starts replica {@code id} of {@code config} with {@code fault}: {@link InjectedFaults#NONE} in
   * a deployment; fault-injection tests make this replica Byzantine (wrong replies, or wrong state
   * served to fetching peers).
   *
   * @throws IOException when its keys cannot be read
   * @throws UsageException when its backend is not installed here
   * @throws CommandFailedException when its backend does not start
   */
  static ReplicaNode start(ClusterConfig config, int id, InjectedFaults fault)
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
    SignatureVerifier replicaSignatures = replicaSignatures(keys, config.n());
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
    StateTransferServer server = null;
    try {
      StateMachine machine = fault.machine().apply(store.machine());
      NfsReplica app =
          new NfsReplica(
              id,
              key,
              r -> r >= 0 && r < relays.size() ? relays.get(r) : null,
              machine,
              Clock.systemUTC(),
              ReplicaCheckpoints.DEFAULT_FANOUT,
              peers(config, id, machine));
      server = serveCheckpoints(app, fault.served(), me);
      OrderingReplica engine = SmartReplica.start(config.ordering(), id, app);
      return new ReplicaNode(
          id,
          engine,
          server,
          scrubber(app, config.scrubPerSecond()),
          Agreement.start(config, id, app, engine, replicaSignatures),
          store,
          app);
    } catch (RuntimeException | IOException e) {
      closeQuietly(server, e);
      try {
        store.close(true);
      } catch (CommandFailedException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * The peers' state-transfer servers, each on its replica's port + 2, as this replica fetches from
   * them (paper §3.4).
   */
  private static PeerSources peers(ClusterConfig config, int id, StateMachine machine) {
    TreeShape shape =
        ReplicaCheckpoints.shape(machine.capacity(), ReplicaCheckpoints.DEFAULT_FANOUT);
    long largest = config.spec().maxFileSize() + MAX_OBJECT_OVERHEAD;
    return new RemotePeers(servers(config, id), shape, largest, FETCH_TIMEOUT);
  }

  /** The peers' state-transfer servers by replica id, this replica excluded. */
  private static Map<Integer, InetSocketAddress> servers(ClusterConfig config, int id) {
    Map<Integer, InetSocketAddress> servers = new TreeMap<>();
    for (ClusterConfig.Replica r : config.replicas()) {
      if (r.id() != id) {
        servers.put(r.id(), new InetSocketAddress(r.host(), stateTransferPort(r)));
      }
    }
    return servers;
  }

  /** The port of replica {@code r}'s state-transfer server: its client port + 2. */
  static int stateTransferPort(ClusterConfig.Replica r) {
    return r.port() + 2;
  }

  private static StateTransferServer serveCheckpoints(
      NfsReplica app, ServedAnswers answers, ClusterConfig.Replica me) throws IOException {
    try {
      return StateTransferServer.start(
          app.checkpoints().store(),
          app.checkpoints()::statement,
          answers,
          app.lock(),
          me.host(),
          stateTransferPort(me));
    } catch (IOException e) {
      throw new IOException(
          "replica "
              + me.id()
              + " cannot serve checkpoints on "
              + me.host()
              + ":"
              + stateTransferPort(me)
              + " (its port + 2): "
              + e.getMessage(),
          e);
    }
  }

  private static void closeQuietly(StateTransferServer server, Exception failure) {
    if (server != null) {
      try {
        server.close();
      } catch (IOException closing) {
        failure.addSuppressed(closing);
      }
    }
  }

  public int id() {
    return id;
  }

  /**
   * Completes when the replica first installed a checkpoint its peers vouched for (the state
   * transfer that brings a restarted replica up to date), with what it fetched.
   */
  public CompletionStage<FetchResult> installed() {
    return app.installed();
  }

  /** The replica's application, for reporting (its metrics). */
  NfsReplica app() {
    return app;
  }

  /**
   * Completes, with the ERROR's message, when this replica's state is wrong and could not be
   * repaired in place: f + 1 peers signed a root for one of its checkpoints that is not its own,
   * and fetching their state in place ({@link DivergenceRepair}) failed, or it kept diverging. It
   * should then be recovered whole.
   */
  public CompletionStage<String> diverged() {
    return agreement.repair().escalated();
  }

  /** The number of times this replica's diverged state was repaired in place. */
  public long repairedInPlace() {
    return agreement.repair().repaired();
  }

  /** Completes, with the reason, when the replica stopped on its own (see {@link #close}). */
  public CompletionStage<String> failure() {
    return engine.failure();
  }

  /**
   * Stops the checkpoint agreement rounds, the scrubber, the engine, the state-transfer server,
   * then the store (which saves the conformance rep when the wrapper is healthy).
   *
   * @throws CommandFailedException when the rep could not be saved or the backend not stopped
   */
  @Override
  public void close() throws CommandFailedException {
    agreement.close();
    // no interrupt: a scrub step interrupted in a backend read would take the read's failure for
    // a corrupted object; a step is short, so it is left to finish
    scrubber.shutdown();
    try {
      if (!scrubber.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("replica {}: its scrubber did not stop within 30 s", id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      engine.close();
    } finally {
      try {
        checkpointServer.close();
      } catch (IOException e) {
        LOG.warn("replica {}: stopping its state-transfer server: {}", id, e.toString());
      } finally {
        store.close(true);
      }
    }
  }
}
