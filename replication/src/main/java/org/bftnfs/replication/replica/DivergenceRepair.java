package org.bftnfs.replication.replica;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs in place a replica whose state diverged (paper §2.2, §3.4): when its {@link
 * CheckpointAgreementWatch} finds that f + 1 peers signed another root for one of its checkpoints,
 * the replica's state is wrong although its backend agrees with it (the scrubber finds nothing: it
 * executed something the others did not). The repair asks the ordering engine to replace the state
 * with the one its peers hold ({@code repairState}: the application fetches only the objects that
 * differ and the requests ordered since are replayed), without stopping the replica, its backend or
 * its service to clients; the watch then checks again.
 *
 * <p>Driven by {@link #afterRound}, on the thread of the agreement rounds, with the time read from
 * an injected clock (nanoseconds; local, for bounding the wait only — nothing here reaches the
 * agreed state). A repair that the engine cannot start, that installs nothing within {@code
 * deadline}, or a divergence found again after {@value #MAX_REPAIRS} in-place repairs within {@code
 * window}, is <i>escalated</i>: {@link #escalated()} completes with the reason, and the replica's
 * owner recovers it whole (or reports it, with proactive recovery off).
 *
 * <p>Thread-safety: {@link #afterRound} on one thread; the accessors from any thread.
 */
public final class DivergenceRepair {

  private static final Logger LOG = LoggerFactory.getLogger(DivergenceRepair.class);

  /** In-place repairs within one {@code window} before a further divergence is escalated. */
  static final int MAX_REPAIRS = 3;

  private final int replica;
  private final CheckpointAgreementWatch watch;
  private final BooleanSupplier startRepair;
  private final LongSupplier installs;
  private final LongSupplier nanos;
  private final Duration deadline;
  private final Duration window;
  private final CompletableFuture<String> escalated = new CompletableFuture<>();
  private final Deque<Long> recent = new ArrayDeque<>();
  private volatile long repaired;

  /** The repair under way: when it started and the installs counted then; null when none. */
  private long[] underWay;

  private String cause;

  /**
   * @param watch the replica's checkpoint agreement watch
   * @param startRepair starts an in-place repair in the engine; false when it could not start
   * @param installs the number of checkpoints the replica installed from its peers so far
   * @param nanos the local clock (e.g. {@code System::nanoTime})
   * @param deadline how long a repair may take to install a state
   * @param window the period over which at most {@value #MAX_REPAIRS} repairs are made in place
   */
  public DivergenceRepair(
      int replica,
      CheckpointAgreementWatch watch,
      BooleanSupplier startRepair,
      LongSupplier installs,
      LongSupplier nanos,
      Duration deadline,
      Duration window) {
    this.replica = replica;
    this.watch = Objects.requireNonNull(watch, "watch");
    this.startRepair = Objects.requireNonNull(startRepair, "startRepair");
    this.installs = Objects.requireNonNull(installs, "installs");
    this.nanos = Objects.requireNonNull(nanos, "nanos");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.window = Objects.requireNonNull(window, "window");
  }

  /**
   * Completes, with the reason, when a divergence could not be repaired in place: the replica
   * should be recovered whole. Never completes again after that (the owner replaces the replica).
   */
  public CompletionStage<String> escalated() {
    return escalated;
  }

  /** The number of divergences repaired in place. */
  public long repaired() {
    return repaired;
  }

  /** Whether a repair is under way. Same thread as {@link #afterRound}. */
  boolean repairing() {
    return underWay != null;
  }

  /**
   * Acts on one agreement round's finding: starts a repair on a divergence, watches a repair under
   * way, and resumes the watch once the replica installed its peers' state.
   */
  public void afterRound(CheckpointAgreementWatch.Round round) {
    if (escalated.isDone()) {
      return;
    }
    long now = nanos.getAsLong();
    if (underWay != null) {
      if (installs.getAsLong() > underWay[1]) {
        underWay = null;
        repaired++;
        LOG.warn(
            "replica {}: repaired in place: it installed the state its peers hold (after: {})",
            replica,
            cause);
        watch.resume();
      } else if (now - underWay[0] > deadline.toNanos()) {
        escalate(
            "its in-place repair installed no state within "
                + deadline.toSeconds()
                + " s (after: "
                + cause
                + ")");
      }
      return;
    }
    Optional<String> divergence = round.divergence();
    if (divergence.isEmpty()) {
      return;
    }
    while (!recent.isEmpty() && now - recent.peekFirst() > window.toNanos()) {
      recent.removeFirst();
    }
    if (recent.size() >= MAX_REPAIRS) {
      escalate(
          "it diverged again after "
              + recent.size()
              + " in-place repairs within "
              + window.toSeconds()
              + " s: "
              + divergence.get());
      return;
    }
    long before = installs.getAsLong();
    if (!startRepair.getAsBoolean()) {
      escalate("its engine could not start an in-place repair: " + divergence.get());
      return;
    }
    recent.addLast(now);
    cause = divergence.get();
    underWay = new long[] {now, before};
    LOG.warn(
        "replica {}: its state is wrong ({}): repairing it in place from the state its peers hold",
        replica,
        cause);
  }

  private void escalate(String why) {
    underWay = null;
    LOG.error("replica {}: {}", replica, why);
    escalated.complete(why);
  }
}
