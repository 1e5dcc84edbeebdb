package org.bftnfs.replication.ordering.smart;

import bftsmart.statemanagement.SMMessage;
import bftsmart.statemanagement.strategy.StandardSMMessage;
import bftsmart.statemanagement.strategy.StandardStateManager;
import bftsmart.tom.core.DeliveryThread;
import bftsmart.tom.core.TOMLayer;
import bftsmart.tom.util.TOMUtil;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's standard state manager (checkpoint + log state transfer) with two additions for
 * {@link SmartReplica}:
 *
 * <ul>
 *   <li>it hands out the replica's {@link TOMLayer} as soon as the library creates it ({@link
 *       #layer}), before the library's replica constructor returns: that constructor blocks until
 *       the replica knows it is up to date, so this is the only handle on a replica that never gets
 *       there;
 *   <li>it can end the start-up and state-transfer waits of a replica being stopped ({@link
 *       #abandonStartUp}): otherwise the start-up thread polls the peers every second for ever and
 *       the delivery thread waits for a state that will never come;
 *   <li>it can make a running replica that stopped executing catch up ({@link #catchUp}): it asks
 *       its peers for their last executed consensus instance, as a starting replica does, and
 *       fetches their state when f+1 of them report the same instance beyond its own. The library
 *       alone leaves such a replica stuck until the group is {@code highMark} instances ahead,
 *       which may never happen (seen after a restarted replica installed a state while the group
 *       went on ordering, and then never executed again).
 * </ul>
 */
final class SmartStateManager extends StandardStateManager {

  private static final Logger LOG = LoggerFactory.getLogger(SmartStateManager.class);

  /** The peers' answers in the current catch-up round: replica id to its last executed instance. */
  private final Map<Integer, Integer> reported = new HashMap<>();

  /** Whether the replica is catching up (started by {@link #catchUp}, not the library's start). */
  private boolean catchingUp;

  private final CompletableFuture<TOMLayer> layer = new CompletableFuture<>();

  @Override
  public void init(TOMLayer tomLayer, DeliveryThread dt) {
    super.init(tomLayer, dt);
    layer.complete(tomLayer);
  }

  /** Completes with the replica's TOM layer once the library created it. */
  CompletableFuture<TOMLayer> layer() {
    return layer;
  }

  /** Whether the replica is still starting (or fetching state at start). */
  synchronized boolean initializing() {
    return isInitializing;
  }

  /**
   * Marks the replica as neither starting nor waiting for state; only for a replica whose TOM layer
   * has been shut down.
   */
  synchronized void abandonStartUp() {
    isInitializing = false;
    waitingCID = -1;
    catchingUp = false;
  }

  /**
   * Starts a catch-up round unless the replica is starting, fetching state or already catching up:
   * its delivery thread pauses, and a thread named {@code threadName} asks the peers once a second
   * for their last executed consensus instance until the round ends (see {@link
   * #currentConsensusIdReceived}). Returns whether a round started.
   */
  boolean catchUp(String threadName) {
    synchronized (this) {
      if (tomLayer == null || isInitializing || waitingCID > -1) {
        return false;
      }
      isInitializing = true;
      catchingUp = true;
      reported.clear();
    }
    Thread asker = new Thread(this::askWhileCatchingUp, threadName);
    asker.setDaemon(true);
    asker.start();
    return true;
  }

  /**
   * Forgets the requests this replica holds for ordering, and their timers, after it installed a
   * state: the requests it received while it was behind were ordered by the others and are covered
   * by that state, but the engine would keep them pending for ever — its request timer would then
   * keep voting for a new leader and its watchdog would see work that never executes. A request not
   * ordered yet is still held by the other replicas (clients send to all), which order it.
   */
  void forgetPendingRequests() {
    tomLayer.clientsManager.clear();
    tomLayer.requestsTimer.clearAll();
  }

  /** Whether a catch-up round is under way (it ends when a fetched state was installed). */
  synchronized boolean catchingUp() {
    if (catchingUp && !isInitializing) {
      catchingUp = false;
      LOG.warn(
          "replica {}: caught up: installed its peers' state up to consensus {}",
          SVController.getStaticConf().getProcessId(),
          tomLayer.getLastExec());
    }
    return catchingUp;
  }

  /** The library's handling of a peer's state, then the end of a catch-up round it completed. */
  @Override
  public void SMReplyDeliver(SMMessage message, boolean isBFT) {
    super.SMReplyDeliver(message, isBFT);
    catchingUp(); // ends the round when that state was installed
  }

  private void askWhileCatchingUp() {
    SMMessage ask =
        new StandardSMMessage(
            SVController.getStaticConf().getProcessId(),
            -1,
            TOMUtil.SM_ASK_INITIAL,
            0,
            null,
            null,
            0,
            0);
    while (catchingUp()) {
      tomLayer.getCommunication().send(SVController.getCurrentViewOtherAcceptors(), ask);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A peer's last executed consensus instance. During the library's start-up, the library decides;
   * during a catch-up round: when f+1 peers report the same instance (so at least one correct
   * replica executed it), the round fetches the state at that instance if it is beyond this
   * replica's, or ends, up to date, if it is not. A failed fetch leaves the round asking again.
   */
  @Override
  public synchronized void currentConsensusIdReceived(SMMessage message) {
    if (!catchingUp) {
      super.currentConsensusIdReceived(message);
      return;
    }
    if (!catchingUp() || waitingCID > -1) {
      return;
    }
    reported.put(message.getSender(), message.getCID());
    int agreed = agreedInstance();
    if (agreed == Integer.MIN_VALUE) {
      return;
    }
    int executed = tomLayer.getLastExec(); // stable: delivery is paused during the round
    if (agreed <= executed) {
      LOG.info(
          "replica {}: not behind: f+1 peers executed up to consensus {}, it up to {}",
          SVController.getStaticConf().getProcessId(),
          agreed,
          executed);
      dt.deliverLock();
      isInitializing = false;
      catchingUp = false;
      dt.canDeliver();
      dt.deliverUnlock();
    } else {
      LOG.warn(
          "replica {}: behind its peers (they executed consensus {}, it {}): fetching their state",
          SVController.getStaticConf().getProcessId(),
          agreed,
          executed);
      reported.clear();
      lastCID = agreed + 1;
      waitingCID = agreed;
      requestState();
    }
  }

  /**
   * The instance reported by f+1 peers in this round (the highest such), or {@link
   * Integer#MIN_VALUE} when none is.
   */
  private int agreedInstance() {
    Map<Integer, Integer> counts = new HashMap<>();
    int best = Integer.MIN_VALUE;
    for (int cid : reported.values()) {
      int count = counts.merge(cid, 1, Integer::sum);
      if (count > SVController.getCurrentViewF() && cid > best) {
        best = cid;
      }
    }
    return best;
  }
}
