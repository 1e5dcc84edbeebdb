package org.bftnfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.config.RecoveryConfig;
import org.bftnfs.replication.recovery.ProactiveRecovery;
import org.bftnfs.replication.recovery.RecoverySchedule;
import org.bftnfs.replication.replica.CheckpointTimes;
import org.bftnfs.replication.replica.NfsReplica;
import org.bftnfs.replication.replica.RecoveryView;
import org.bftnfs.replication.replica.ReplicaCheckpoints;
import org.bftnfs.statetransfer.FetchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica process's replica across its proactive recoveries (paper §2.2, §4): the {@link
 * ReplicaNode} that runs now, and — when the cluster file turns recovery on — the {@link
 * ProactiveRecovery} watchdog that, at each of this replica's slots, restarts it from a clean
 * state:
 *
 * <ol>
 *   <li>the node is closed: the ordering engine stops, the scrubber and the state-transfer server
 *       stop, the conformance rep is saved (only when the wrapper is healthy) and the backend
 *       server is stopped;
 *   <li>with {@code recovery.emptyExport}, the saved rep is deleted, so the export is wiped when
 *       the node starts again;
 *   <li>a new node starts from what is on disk: the backend server starts again, the rep is read
 *       back (or the export wiped when there is none), and the checkpoint tree is computed from
 *       {@code getObj} of every object — read from the backend's files, not from memory;
 *   <li>the ordering engine starts at instance 0 and so always fetches the state f+1 peers vouch
 *       for: only the objects whose digest differs from that checkpoint's (corrupted, missing, or
 *       changed meanwhile) are fetched and put back, then the ordered requests after it replayed;
 *   <li>the recovery ends when that checkpoint is installed (bounded by the replica's slot).
 * </ol>
 *
 * <p>A node whose engine fails (its delivery or message thread died, it could not start executing),
 * or whose backend failed during an execution (it answered {@code FAULT} and refuses calls until
 * repaired), is recovered the same way at once, when proactive recovery is on (at most {@value
 * #FAILURE_RECOVERIES} times per period; then, or with recovery off, the process stops with the
 * reason). So is a node whose state is wrong — its checkpoint root differs from the root f + 1 of
 * its peers signed for the same checkpoint — when the node could not repair it in place ({@link
 * ReplicaNode#diverged()}): a recovery checks every object against the state the others vouch for
 * and fetches what differs.
 *
 * <p>Key material: the replica's signing key and the engine's keys are read again from the key
 * directory at each start; they are not renewed (the machines here have no secure co-processor to
 * hold a key the intruder cannot read, which the paper assumes for renewal).
 */
final class RecoveringReplica implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveringReplica.class);

  /** How long a stop waits for a recovery under way to finish before closing what runs. */
  private static final Duration STOP_WAIT = Duration.ofMinutes(2);

  /** Starts a fresh node of this replica from what is on disk. */
  @FunctionalInterface
  interface Starter {
    ReplicaNode start() throws IOException, UsageException, CommandFailedException;
  }

  private final int id;
  private final Starter starter;
  private final RecoveryConfig recovery;
  private final Path savedRep;
  private final Clock clock;
  private final CompletableFuture<String> failed = new CompletableFuture<>();
  private final CompletableFuture<Void> closing = new CompletableFuture<>();
  private final ScheduledExecutorService timer;
  private final ProactiveRecovery watchdog;
  private ReplicaNode node;
  private ReplicaMetrics metrics;
  private final AtomicLong scrubRepairsOfEarlierNodes = new AtomicLong();
  private final AtomicLong inPlaceRepairsOfEarlierNodes = new AtomicLong();
  private final AtomicLong refusedByEarlierNodes = new AtomicLong();
  private final AtomicReference<CheckpointTimes.Totals> checkpointTimesOfEarlierNodes =
      new AtomicReference<>(CheckpointTimes.Totals.NONE);
  private final java.util.List<Instant> failureRecoveries = new java.util.ArrayList<>();

  /** How many times per recovery period a node that failed is recovered at once. */
  static final int FAILURE_RECOVERIES = 3;

  private RecoveringReplica(
      int id,
      Starter starter,
      RecoveryConfig recovery,
      Path savedRep,
      Clock clock,
      ReplicaNode first,
      int n) {
    this.id = id;
    this.starter = starter;
    this.recovery = recovery;
    this.savedRep = savedRep;
    this.clock = clock;
    this.node = first;
    watch(first);
    if (recovery.proactive()) {
      this.watchdog =
          new ProactiveRecovery(
              id, new RecoverySchedule(recovery, id, n), clock, this::recover, clock.instant());
      this.timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "bftnfs-proactive-recovery");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
      LOG.info(
          "replica {}: proactive recovery every {} s, its slot {} s long; first at {}",
          id,
          recovery.period().toSeconds(),
          recovery.stagger().toSeconds(),
          watchdog.status().next());
    } else {
      this.watchdog = null;
      this.timer = null;
    }
  }

  /**
   * Starts the replica (first node) and, when {@code recovery} is proactive, its watchdog.
   *
   * @param n the cluster's number of replicas
   * @param savedRep where the node saves its conformance rep (deleted before a recovery onto an
   *     empty export)
   */
  static RecoveringReplica start(
      int id, int n, RecoveryConfig recovery, Path savedRep, Clock clock, Starter starter)
      throws IOException, UsageException, CommandFailedException {
    return new RecoveringReplica(id, starter, recovery, savedRep, clock, starter.start(), n);
  }

  /**
   * Starts replica {@code id} of {@code config} as {@link #start(int, int, RecoveryConfig, Path,
   * Clock, Starter)} does, and serves its metrics ({@link ReplicaMetrics}) on its host and metrics
   * port for as long as it runs, across recoveries.
   */
  static RecoveringReplica startServingMetrics(
      ClusterConfig config, int id, Clock clock, Starter starter)
      throws IOException, UsageException, CommandFailedException {
    ClusterConfig.Replica me = config.replicas().get(id);
    RecoveringReplica replica =
        start(id, config.n(), config.recovery(), DataLayout.of(me.data()).rep(), clock, starter);
    try {
      replica.metrics =
          ReplicaMetrics.start(
              id,
              replica.reporting(),
              replica.watchdog == null ? RecoveryView.NONE : replica.watchdog,
              clock,
              me.host(),
              me.metricsPort());
    } catch (IOException e) {
      try {
        replica.close();
      } catch (CommandFailedException closing) {
        e.addSuppressed(closing);
      }
      throw new IOException(
          "replica "
              + id
              + " cannot serve its metrics on "
              + me.host()
              + ":"
              + me.metricsPort()
              + " (replica."
              + id
              + ".metricsPort): "
              + e.getMessage(),
          e);
    }
    return replica;
  }

  /**
   * What the metrics read: the node that runs now (nothing while a recovery restarts it), with the
   * scrubber's repairs, refusals and checkpoint times of earlier nodes added.
   */
  private ReplicaMetrics.Source reporting() {
    return new ReplicaMetrics.Source() {
      @Override
      public long lastExecutedConsensus() {
        NfsReplica app = current();
        return app == null ? -1 : app.lastExecutedConsensus();
      }

      @Override
      public List<ReplicaCheckpoints.Taken> keptCheckpoints() {
        NfsReplica app = current();
        return app == null ? List.of() : app.keptCheckpoints();
      }

      @Override
      public long repairedByScrubber() {
        NfsReplica app = current();
        return scrubRepairsOfEarlierNodes.get() + (app == null ? 0 : app.repairedEntries());
      }

      @Override
      public long repairedInPlace() {
        ReplicaNode n = currentNode();
        return inPlaceRepairsOfEarlierNodes.get() + (n == null ? 0 : n.repairedInPlace());
      }

      @Override
      public long refusedRequests() {
        NfsReplica app = current();
        return refusedByEarlierNodes.get() + (app == null ? 0 : app.refusedRequests());
      }

      @Override
      public Optional<ReplicaCheckpoints.Stable> latestStable() {
        NfsReplica app = current();
        return app == null ? Optional.empty() : app.checkpoints().latestStable();
      }

      @Override
      public CheckpointTimes.Totals checkpointTimes() {
        NfsReplica app = current();
        CheckpointTimes.Totals earlier = checkpointTimesOfEarlierNodes.get();
        return app == null ? earlier : earlier.then(app.checkpointTimes());
      }
    };
  }

  private synchronized NfsReplica current() {
    return node == null ? null : node.app();
  }

  private synchronized ReplicaNode currentNode() {
    return node;
  }

  /** Completes, with the reason, when the replica stopped on its own or could not recover. */
  CompletionStage<String> failure() {
    return failed;
  }

  /** The watchdog's record, when recovery is proactive. */
  Optional<ProactiveRecovery.Status> status() {
    return watchdog == null ? Optional.empty() : Optional.of(watchdog.status());
  }

  private void watch(ReplicaNode n) {
    n.app()
        .faulted()
        .thenAccept(
            why -> {
              synchronized (this) {
                if (node != n || watchdog == null) {
                  return; // a closed node, or no recovery to repair it: the replica stays faulty
                }
              }
              if (restartsAllowed()) {
                recoverSoon("its backend failed: " + why);
              } else {
                LOG.error(
                    "replica {}: its backend failed ({}) and it recovered {} times this period"
                        + " already; it stays faulty until restarted",
                    id,
                    why,
                    FAILURE_RECOVERIES);
              }
            });
    n.diverged()
        .thenAccept(
            why -> {
              synchronized (this) {
                if (node != n) {
                  return; // a closed node
                }
              }
              if (watchdog == null) {
                LOG.error(
                    "replica {}: its state is wrong and could not be repaired in place, and"
                        + " proactive recovery is off: it stays wrong until restarted",
                    id);
              } else if (restartsAllowed()) {
                recoverSoon("its state is wrong and an in-place repair did not fix it: " + why);
              } else {
                LOG.error(
                    "replica {}: its state is wrong ({}) and it recovered {} times this period"
                        + " already; it stays wrong until its next recovery or a restart",
                    id,
                    why,
                    FAILURE_RECOVERIES);
              }
            });
    n.failure()
        .thenAccept(
            reason -> {
              synchronized (this) {
                if (node != n) {
                  return; // a node closed by a recovery
                }
              }
              if (watchdog != null && restartsAllowed()) {
                recoverSoon("its engine stopped: " + reason);
              } else {
                failed.complete(reason);
              }
            });
  }

  /**
   * Whether a failed node may be recovered at once: with proactive recovery on, at most {@value
   * #FAILURE_RECOVERIES} times within one recovery period (a replica that keeps failing is stopped
   * with the reason instead).
   */
  private synchronized boolean restartsAllowed() {
    Instant now = clock.instant();
    Instant since = now.minus(recovery.period());
    failureRecoveries.removeIf(t -> t.isBefore(since));
    if (failureRecoveries.size() >= FAILURE_RECOVERIES || closing.isDone()) {
      return false;
    }
    failureRecoveries.add(now);
    return true;
  }

  private void recoverSoon(String reason) {
    try {
      timer.execute(() -> recoverAfter(reason));
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      LOG.info("replica {}: not recovering ({}): it is stopping", id, reason);
    }
  }

  private void recoverAfter(String reason) {
    if (closing.isDone()) {
      return;
    }
    try {
      watchdog.recoverNow(reason);
    } catch (Exception e) {
      LOG.error("replica {}: recovery after a failure failed: {}", id, e.toString());
      failed.complete(reason + "; recovering from it failed: " + e.getMessage());
    }
  }

  private void tick() {
    if (closing.isDone() || failed.isDone()) {
      return;
    }
    try {
      watchdog.tick();
    } catch (Exception e) {
      LOG.error("replica {}: proactive recovery failed: {}", id, e.toString());
      failed.complete("proactive recovery failed: " + e.getMessage());
    }
  }

  private ProactiveRecovery.Outcome recover() throws Exception {
    Instant started = clock.instant();
    ReplicaNode old;
    synchronized (this) {
      old = node;
      node = null;
    }
    scrubRepairsOfEarlierNodes.addAndGet(old.app().repairedEntries());
    inPlaceRepairsOfEarlierNodes.addAndGet(old.repairedInPlace());
    refusedByEarlierNodes.addAndGet(old.app().refusedRequests());
    CheckpointTimes.Totals oldTimes = old.app().checkpointTimes();
    checkpointTimesOfEarlierNodes.updateAndGet(t -> t.then(oldTimes));
    try {
      old.close();
    } catch (CommandFailedException e) {
      // a faulty wrapper's rep is not saved: the export is started clean and fetched whole
      Files.deleteIfExists(savedRep);
      LOG.warn("replica {}: recovering onto a clean export: {}", id, e.getMessage());
    }
    Instant closed = clock.instant();
    if (closing.isDone()) {
      return new ProactiveRecovery.Outcome(false, 0, 0, "stopped during recovery");
    }
    if (recovery.emptyExport()) {
      // with no saved rep, the store empties the export and the state is fetched whole
      Files.deleteIfExists(savedRep);
      LOG.info("replica {}: recovering onto an empty export", id);
    }
    ReplicaNode fresh = starter.start();
    synchronized (this) {
      node = fresh;
    }
    LOG.info(
        "replica {}: recovery: stopped in {} ms, started again from disk in {} ms; fetching what"
            + " its peers vouch for",
        id,
        Duration.between(started, closed).toMillis(),
        Duration.between(closed, clock.instant()).toMillis());
    watch(fresh);
    Duration left = recovery.stagger().minus(Duration.between(started, clock.instant()));
    CompletableFuture<FetchResult> installed = fresh.installed().toCompletableFuture();
    try {
      CompletableFuture.anyOf(installed, closing, fresh.failure().toCompletableFuture())
          .get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new ProactiveRecovery.Outcome(
          false, 0, 0, "no vouched checkpoint installed within its slot");
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "replica " + id + " failed while recovering: " + e.getCause(), e);
    }
    if (!installed.isDone()) {
      return new ProactiveRecovery.Outcome(false, 0, 0, "stopped before it rejoined");
    }
    FetchResult fetched = installed.join();
    return new ProactiveRecovery.Outcome(
        true, fetched.objectsFetched(), fetched.bytesFetched(), "");
  }

  /**
   * Stops the watchdog (waiting up to {@link #STOP_WAIT} for a recovery under way) and the node.
   *
   * @throws CommandFailedException when the node's rep could not be saved or its backend stopped
   */
  @Override
  public void close() throws CommandFailedException {
    closing.complete(null);
    if (timer != null) {
      timer.shutdown();
      try {
        if (!timer.awaitTermination(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
          LOG.warn("replica {}: a recovery under way did not end within {}", id, STOP_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (metrics != null) {
      metrics.close();
    }
    ReplicaNode last;
    synchronized (this) {
      last = node;
      node = null;
    }
    if (last != null) {
      last.close();
    }
  }
}
