package org.bftnfs.replication.ordering.smart;

import bftsmart.statemanagement.strategy.StandardStateManager;
import bftsmart.tom.core.DeliveryThread;
import bftsmart.tom.core.TOMLayer;
import java.util.concurrent.CompletableFuture;

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
 *       the delivery thread waits for a state that will never come.
 * </ul>
 */
final class SmartStateManager extends StandardStateManager {

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
  }
}
