package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.client.ReplyListener;
import bftsmart.tom.RequestContext;
import bftsmart.tom.core.messages.TOMMessage;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects the distinct replicas that answered a warm-up ping as ready ({@link SmartClient}), over
 * any number of ping rounds.
 */
final class WarmUp implements ReplyListener {

  private final int n;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition answered = lock.newCondition();
  private final BitSet ready = new BitSet();

  WarmUp(int n) {
    this.n = n;
  }

  @Override
  public void replyReceived(RequestContext context, TOMMessage reply) {
    int sender = reply.getSender();
    if (!Frames.readyPong(reply.getContent()) || sender < 0 || sender >= n) {
      return;
    }
    lock.lock();
    try {
      ready.set(sender);
      answered.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() {
    // Pings are unordered: the library never re-sends them after a view change.
  }

  /** Waits until {@code enough} replicas are ready or {@code timeout} passed; returns how many. */
  int await(int enough, Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (ready.cardinality() < enough && left > 0) {
        left = answered.awaitNanos(left);
      }
      return ready.cardinality();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ready: " + ready;
    } finally {
      lock.unlock();
    }
  }
}
