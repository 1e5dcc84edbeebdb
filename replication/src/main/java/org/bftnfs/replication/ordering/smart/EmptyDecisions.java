package org.bftnfs.replication.ordering.smart;

import bftsmart.consensus.Decision;
import bftsmart.tom.core.DeliveryThread;
import bftsmart.tom.core.messages.TOMMessage;
import bftsmart.tom.core.messages.TOMMessageType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the library deliver a decided <em>empty</em> batch, which it otherwise cannot.
 *
 * <p>The problem: after a leader change, the new leader proposes whatever requests it holds, and
 * when it holds none every replica decides an empty batch. The library's delivery thread reads the
 * first request of each decision it delivers, so an empty one throws; the thread catches the
 * exception and goes on, but every decision it had taken from its queue in the same round is lost:
 * never executed, never logged, while the replica goes on executing the decisions after them. How
 * many are lost depends on the thread's timing, so one replica's state silently departs from the
 * others' (the replicas' checkpoint roots then disagree; {@code ProactiveRecoveryIT} saw it after a
 * leader's recovery).
 *
 * <p>The repair: the delivery thread's queue of decisions is replaced by one that, when the thread
 * takes decisions from it, gives an empty decision one placeholder request whose view is no view of
 * this group. The library skips such a request and hands the consensus to its recoverer as a no-op
 * (as it does for a batch whose requests were all invalid): logged for state transfer, a checkpoint
 * taken when its number calls for one, nothing executed by the application. Every replica that
 * delivers the decision builds the same placeholder from the consensus number alone, so the no-op
 * is the same everywhere.
 *
 * <p>Reaches the library's private layout by reflection (com.jd.blockchain:bft-smart 0.0.8.RELEASE:
 * {@code DeliveryThread.decided} and {@code decidedLock}, {@code Decision.deserializedValue}); if
 * the layout differs, {@link #install} says so and changes nothing.
 */
final class EmptyDecisions extends LinkedBlockingQueue<Decision> {

  private static final Logger LOG = LoggerFactory.getLogger(EmptyDecisions.class);

  /** The placeholder's sender: no client has this id. */
  static final int NO_CLIENT = -1;

  private static final long serialVersionUID = 1L;

  private final int replica;
  private final transient Field deserialized;
  private volatile int filled;

  private EmptyDecisions(int replica, Field deserialized) {
    this.replica = replica;
    this.deserialized = deserialized;
  }

  /**
   * Replaces {@code dt}'s queue of decisions with one that fills empty decisions, moving any
   * decision already queued. Call before the library starts ordering (the state manager's {@code
   * init}); it also holds the thread's queue lock while it swaps.
   *
   * @return whether it was installed
   */
  static boolean install(DeliveryThread dt, int replica) {
    try {
      Field queue = DeliveryThread.class.getDeclaredField("decided");
      Field lockField = DeliveryThread.class.getDeclaredField("decidedLock");
      Field deserialized = Decision.class.getDeclaredField("deserializedValue");
      queue.setAccessible(true);
      lockField.setAccessible(true);
      deserialized.setAccessible(true);
      Lock lock = (Lock) lockField.get(dt);
      lock.lock();
      try {
        @SuppressWarnings("unchecked")
        LinkedBlockingQueue<Decision> before = (LinkedBlockingQueue<Decision>) queue.get(dt);
        if (before instanceof EmptyDecisions) {
          return true;
        }
        EmptyDecisions after = new EmptyDecisions(replica, deserialized);
        before.drainTo(after);
        queue.set(dt, after);
      } finally {
        lock.unlock();
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "replica {}: cannot guard the ordering engine's delivery against empty decisions (library"
              + " layout differs); a decided empty batch may lose decisions",
          replica,
          e);
      return false;
    }
  }

  /** The placeholder request of consensus {@code cid}'s empty batch: the same at every replica. */
  static TOMMessage placeholder(int cid) {
    TOMMessage m =
        new TOMMessage(
            NO_CLIENT, 0, cid, 0, new byte[0], Integer.MAX_VALUE, TOMMessageType.ORDERED_REQUEST);
    return m; // its timestamp, seed and nonces stay 0
  }

  /**
   * Whether {@code d}'s batch is empty. Reads the requests the library cached when it queued the
   * decision (never the library's getter, which waits while they are missing).
   */
  private boolean empty(Decision d) {
    try {
      Object requests = deserialized.get(d);
      return requests instanceof TOMMessage[] && ((TOMMessage[]) requests).length == 0;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read decision " + d.getConsensusId(), e);
    }
  }

  /** How many empty decisions were filled so far (any thread). */
  int filled() {
    return filled;
  }

  @Override
  public int drainTo(Collection<? super Decision> sink) {
    return drainTo(sink, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super Decision> sink, int most) {
    List<Decision> taken = new ArrayList<>();
    int n = super.drainTo(taken, most);
    for (Decision d : taken) {
      if (empty(d)) {
        fill(d);
      }
      sink.add(d);
    }
    return n;
  }

  private void fill(Decision d) {
    try {
      deserialized.set(d, new TOMMessage[] {placeholder(d.getConsensusId())});
      filled = filled + 1; // only the delivery thread writes
      LOG.info(
          "replica {}: consensus {} decided an empty batch: delivered as a no-op ({} so far)",
          replica,
          d.getConsensusId(),
          filled);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot fill the empty decision " + d.getConsensusId(), e);
    }
  }
}
