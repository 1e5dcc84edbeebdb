package org.bftnfs.replication.ordering.smart;

import bftsmart.reconfiguration.util.TOMConfiguration;
import bftsmart.reconfiguration.views.MemoryBasedViewStorage;
import bftsmart.tom.ServiceReplica;
import bftsmart.tom.core.DeliveryThread;
import bftsmart.tom.core.TOMLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bftnfs.replication.ordering.OrderedApplication;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.bftnfs.replication.ordering.OrderingReplica;
import org.bftnfs.replication.ordering.ReplicaAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrderingReplica} on a BFT-SMaRt {@link ServiceReplica}, configured entirely in code
 * ({@link EngineConfiguration} lists every setting), with the view kept in memory and this
 * replica's own engine keys ({@link EngineKeys}); it writes no files.
 *
 * <p>Upcalls ({@link SmartRecoverable}): ordered requests reach {@link
 * OrderedApplication#executeOrdered} on the library's delivery thread with {@code OrderContext(the
 * agreed timestamp, the consensus id, the client id)}; read-only requests reach {@link
 * OrderedApplication#executeUnordered} on a Netty I/O thread, concurrently with ordered execution:
 * the application synchronises. Checkpoints call {@link OrderedApplication#snapshot} every
 * checkpoint period; a replica that restarts or falls behind installs a peer's snapshot and replays
 * the ordered requests logged since (state transfer).
 *
 * <p>Start-up: the library's replica constructor connects to the peers that are up (signed
 * Diffie-Hellman with each), then blocks until f+1 peers agree on where the group is, and, for a
 * replica that restarts into a running group, until it has fetched the state. {@link #start} runs
 * that constructor on a thread of its own and returns as soon as the replica listens, so a group
 * can be started one replica after another from one thread and a restarting replica can be closed
 * while it catches up. A restarted replica fetches the state at the instance f+1 peers report (so
 * with f replicas down too, {@link SmartStateManager}) once its peers have re-opened their
 * connections to it (they retry every 5 s). The link keys with peers that are not up are computed
 * and installed at start ({@link LinkKeys}), so a group with up to f replicas missing orders
 * requests from the start.
 *
 * <p>Only requests the application {@linkplain OrderedApplication#verify verifies} enter the order:
 * the library asks its request verifier when a request arrives from a client and when a follower
 * checks the leader's proposal, so a request from anyone but the application's own clients is never
 * ordered, never reaches the library's delivery thread, and gets no reply on the ordered path.
 *
 * <p>If the application throws from ordered execution or from a snapshot, or the library's delivery
 * thread ends, the replica stops (fail-stop) rather than go on voting without executing; a replica
 * that has work waiting and executes nothing for {@link #STALL_LIMIT} says so ({@link
 * ExecutionWatchdog}), and its answer to a status ping ({@link SmartClient#probe}) reports it;
 * after {@link #catchUpAfter} of that it asks its peers whether it fell behind and fetches their
 * state if it did ({@link SmartStateManager#catchUp}).
 *
 * <p>Process-wide effects: {@link #start} installs the {@link DeserializationFilter}. The library
 * prints to standard output and error (start-up banner, connection events, stack traces of refused
 * connections, state transfer progress): a process that wants clean output routes them itself. The
 * replica-to-replica port ({@code port+1}) listens on all interfaces whatever the host says.
 */
public final class SmartReplica implements OrderingReplica {

  private static final Logger LOG = LoggerFactory.getLogger(SmartReplica.class);

  /** How long {@link #start} waits for the library to listen. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long {@link #close} waits for the library to stop and release the ports. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

  /** How long a stopped delivery thread gets to end before it is woken from a state wait. */
  private static final long DELIVERY_GRACE_MILLIS = 200;

  private final int id;
  private final TOMLayer layer;
  private final SmartStateManager states;
  private final Thread starter;
  private final ReplicaPorts ports;
  private final ClientPortThreads clientPort;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Thread stopper;
  private final ExecutionWatchdog watchdog;
  private final SenderGuard senders;
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private final ScheduledExecutorService watchdogTimer;

  /**
   * How long a replica that just installed a state may have work waiting without executing before
   * it asks its peers again (a recovered replica was seen to wait the full catch-up period, 10–13
   * s, for instances the group decided while it fetched).
   */
  static final Duration AFTER_INSTALL = Duration.ofSeconds(3);

  /** How long a replica may have work waiting without executing before it reports a stall. */
  static final Duration STALL_LIMIT = Duration.ofSeconds(30);

  /**
   * A message thread that has handled one message (a state installation aside) for this long is
   * taken as dead: the library has waited for ever inside one message, and the replica then can
   * neither execute nor fetch its peers' state. Generous: handling a message takes milliseconds,
   * and a process frozen for seconds (fail-stutter) must not count.
   */
  static final Duration MESSAGE_STUCK = Duration.ofSeconds(60);

  /**
   * How long a replica with work waiting may execute nothing before it asks its peers whether it
   * fell behind: well beyond a leader change (a few leader timeouts), at least 10 s. (5 s was
   * tried: a round that started while the replica was still replaying the state it had just
   * installed fetched again and never finished, in CI.)
   */
  static Duration catchUpAfter(Duration leaderTimeout) {
    Duration fiveTimeouts = leaderTimeout.multipliedBy(5);
    Duration floor = Duration.ofSeconds(10);
    return fiveTimeouts.compareTo(floor) > 0 ? fiveTimeouts : floor;
  }

  private SmartReplica(
      int id,
      TOMLayer layer,
      SmartStateManager states,
      Thread starter,
      ReplicaPorts ports,
      Duration catchUpAfter) {
    this.id = id;
    this.layer = layer;
    this.states = states;
    this.starter = starter;
    this.ports = ports;
    this.clientPort = ClientPortThreads.of(layer, id);
    this.stopper = new Thread(layer::shutdown, "bftnfs-replica-" + id + "-stop");
    this.watchdog =
        new ExecutionWatchdog(
            id,
            new ExecutionWatchdog.Engine() {
              @Override
              public int lastExecuted() {
                return layer.getLastExec();
              }

              @Override
              public boolean busy() {
                return layer.getInExec() != -1
                    || layer.clientsManager.havePendingRequests()
                    || states.highestInstanceSeen() > layer.getLastExec();
              }

              @Override
              public boolean deliveryAlive() {
                return layer.getDeliveryThread().getState() != Thread.State.TERMINATED
                    && layer.getCommunication().getState() != Thread.State.TERMINATED
                    && states.messageHandlingNanos(System.nanoTime()) < MESSAGE_STUCK.toNanos();
              }

              @Override
              public boolean catchUp(int seen) {
                return states.catchUp("bftnfs-replica-" + id + "-catch-up", seen);
              }

              @Override
              public int leader() {
                return layer.execManager.getCurrentLeader();
              }
            },
            System::nanoTime,
            STALL_LIMIT,
            catchUpAfter,
            AFTER_INSTALL,
            () -> {
              failure.complete("its ordering engine stopped executing requests");
              stop();
            });
    states.onInstalled(watchdog::installed);
    this.senders = new SenderGuard(id, layer);
    this.watchdogTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bftnfs-replica-" + id + "-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdogTimer.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
  }

  private void watch() {
    if (!stopped.get()) {
      watchdog.check();
      senders.revive();
    }
  }

  /** The library's layer of this replica (for tests). */
  TOMLayer layer() {
    return layer;
  }

  /** The guard of this replica's sender threads (for tests). */
  SenderGuard senders() {
    return senders;
  }

  /**
   * Starts replica {@code id} of the group {@code config} around {@code app} (whose current state
   * is its initial state) and returns once it listens; it serves once a quorum of the group is up.
   *
   * @throws IllegalStateException if one of its ports is taken, or the library failed to start
   * @throws UncheckedIOException if its engine keys cannot be read
   */
  public static SmartReplica start(OrderingConfig config, int id, OrderedApplication app) {
    return start(config, id, app, List.of());
  }

  /**
   * As {@link #start(OrderingConfig, int, OrderedApplication)}, with {@code faults} screening the
   * messages from the peers after the replica's own screens (fault-injection tests: a message lost
   * on its way, without a race with the running message thread).
   */
  static SmartReplica start(
      OrderingConfig config, int id, OrderedApplication app, List<InboundQueue.Screen> faults) {
    if (id < 0 || id >= config.n()) {
      throw new IllegalArgumentException("replica id " + id + " not in 0.." + (config.n() - 1));
    }
    DeserializationFilter.install();
    ReplicaAddress address = config.replicas().get(id);
    ReplicaPorts ports = new ReplicaPorts(address);
    if (!ports.free()) {
      throw new IllegalStateException(
          "ports " + address.port() + "/" + (address.port() + 1) + " of replica " + id + " in use");
    }
    ReplicaKeyLoader keys;
    LinkKeys links;
    try {
      keys = ReplicaKeyLoader.read(config.keyDirectory(), config.n(), id);
      links = LinkKeys.compute(config.keyDirectory(), config.n(), id, keys.loadPrivateKey(id));
    } catch (IOException e) {
      throw new UncheckedIOException("engine keys of replica " + id, e);
    }
    TOMConfiguration conf = EngineConfiguration.build(config, id, keys);
    SmartStateManager states = new SmartStateManager(new DecisionProofs(id, links::of), faults);
    AtomicReference<SmartReplica> self = new AtomicReference<>();
    AtomicBoolean failedEarly = new AtomicBoolean();
    SmartRecoverable recoverable =
        new SmartRecoverable(
            app,
            states,
            new CheckpointRule(config.checkpointPeriod(), config.checkpointBytes()),
            failure -> {
              failedEarly.set(true);
              failed(id, self.get(), failure);
            },
            () -> {
              SmartReplica r = self.get();
              return r == null ? null : r.watchdog.status();
            });
    Thread starter =
        new Thread(
            () -> {
              try {
                new ServiceReplica(
                    conf,
                    new MemoryBasedViewStorage(),
                    recoverable,
                    recoverable,
                    recoverable::verify,
                    null);
              } catch (RuntimeException | Error e) {
                failedEarly.set(true);
                states.layer().completeExceptionally(e);
                failed(id, self.get(), e);
              }
            },
            "bftnfs-replica-" + id + "-start");
    starter.start();
    TOMLayer layer = awaitLayer(id, states, starter);
    links.install(layer);
    SmartReplica started =
        new SmartReplica(id, layer, states, starter, ports, catchUpAfter(config.leaderTimeout()));
    self.set(started);
    if (failedEarly.get()) {
      // It failed between creating its TOM layer and now: failed() could not stop it yet.
      started.failure.complete("it failed while starting");
      started.stop();
    }
    return started;
  }

  private static TOMLayer awaitLayer(int id, SmartStateManager states, Thread starter) {
    try {
      return states.layer().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("replica " + id + " failed to start", e.getCause());
    } catch (TimeoutException e) {
      // where the library's start-up is stuck (e.g. a peer that never answers its handshake)
      StringBuilder where = new StringBuilder();
      for (StackTraceElement frame : starter.getStackTrace()) {
        where.append(System.lineSeparator()).append("\tat ").append(frame);
      }
      LOG.error("replica {}: its ordering engine's start-up is still at:{}", id, where);
      throw new IllegalStateException(
          "replica " + id + " did not start within " + START_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replica " + id + " started", e);
    }
  }

  private static void failed(int id, SmartReplica replica, Throwable failure) {
    LOG.error("replica {} failed; stopping it", id, failure);
    if (replica != null) {
      replica.failure.complete(String.valueOf(failure.getMessage()));
      replica.stop();
    }
  }

  @Override
  public CompletionStage<String> failure() {
    return failure;
  }

  @Override
  public int id() {
    return id;
  }

  @Override
  public boolean repairState() {
    return states.repair("bftnfs-replica-" + id + "-repair");
  }

  /** The key of this replica's link to {@code peer} as the library holds it now (for tests). */
  javax.crypto.SecretKey linkKey(int peer) {
    return layer.getCommunication().getServersConn().getSecretKey(peer);
  }

  /** Whether the replica is still starting up or fetching its initial state. */
  boolean initializing() {
    return states.initializing();
  }

  /**
   * Tells the library to stop, once, on a thread of its own (what {@code ServiceReplica.kill()}
   * does; the failing delivery thread may be the caller).
   */
  private void stop() {
    if (stopped.compareAndSet(false, true)) {
      stopper.start();
    }
  }

  /**
   * Stops the replica and waits, at most {@link #CLOSE_TIMEOUT}, until the library has shut down,
   * its start-up and delivery threads have ended and both ports are free. The library's remaining
   * threads end on their own within a few seconds (the replica connections' 5 s polls).
   *
   * @throws IllegalStateException if the replica did not stop in time
   */
  @Override
  public void close() {
    watchdogTimer.shutdownNow();
    stop();
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    DeliveryThread delivery = layer.getDeliveryThread();
    try {
      stopper.join(remainingMillis(deadline));
      states.abandonStartUp();
      endDelivery(delivery, deadline);
      clientPort.shutDown();
      boolean free = ports.awaitFree(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      starter.join(remainingMillis(deadline));
      if (!free || stopper.isAlive() || starter.isAlive() || delivery.isAlive()) {
        throw new IllegalStateException(
            "replica "
                + id
                + " did not stop within "
                + CLOSE_TIMEOUT.toSeconds()
                + " s (ports free: "
                + free
                + ", shut down: "
                + !stopper.isAlive()
                + ", start-up ended: "
                + !starter.isAlive()
                + ", delivery ended: "
                + !delivery.isAlive()
                + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replica " + id + " stopped", e);
    }
  }

  /**
   * Ends the library's delivery thread. Shutdown wakes it when it waits for decisions, but not when
   * it waits for a state (a replica stopped while it starts or catches up): that wait is signalled
   * under the library's delivery lock, from a helper thread because in one narrow race (the thread
   * released by a state transfer completing at this very moment) the lock is never released. The
   * shutdown signal is then repeated until the thread is gone.
   */
  private void endDelivery(DeliveryThread delivery, long deadline) throws InterruptedException {
    delivery.join(DELIVERY_GRACE_MILLIS);
    if (!delivery.isAlive()) {
      return;
    }
    Thread waker =
        new Thread(
            () -> {
              delivery.deliverLock();
              try {
                delivery.canDeliver();
              } finally {
                delivery.deliverUnlock();
              }
            },
            "bftnfs-replica-" + id + "-wake-delivery");
    waker.setDaemon(true);
    waker.start();
    while (delivery.isAlive() && System.nanoTime() - deadline < 0) {
      delivery.shutdown();
      delivery.join(50);
    }
    waker.join(remainingMillis(deadline));
  }

  private static long remainingMillis(long deadline) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
