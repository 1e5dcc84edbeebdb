package org.bftnfs.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;
import org.bftnfs.replication.ordering.OrderingClient;

/**
 * A fake ordering engine for fast unit tests of the replication layer above the engine: it delivers
 * every ordered request to every replica in one total order, synchronously, with the leader's
 * timestamp from {@link #leaderClock}. Like the real engine it orders only requests every live
 * replica {@linkplain OrderedApplication#verify verifies}. Never the proof of a feature: the real
 * engine (BFT-SMaRt) is exercised by the integration tests.
 *
 * <p>Faults for tests: {@link #tamper} rewrites a replica's replies (a Byzantine replica), {@link
 * #inject} makes a replica's reply be preceded by another one (a forger whose replies reach the
 * client), {@link #down} silences a replica, {@link #order} sets who answers first, and {@link
 * #hold} keeps requests in the engine until {@link #release} (a group that has lost its quorum and
 * orders them later).
 */
final class InMemoryOrdering implements OrderingClient {

  final List<OrderedApplication> replicas;
  final List<UnaryOperator<byte[]>> tamper = new ArrayList<>();
  final List<UnaryOperator<byte[]>> inject = new ArrayList<>();
  final boolean[] down;
  int[] order;
  boolean hold;
  int orderedInvocations;
  int unorderedInvocations;
  private final int f;
  private long clock = 1_700_000_000_000L;
  LongSupplier leaderClock = () -> clock += 7;
  private int consensus;
  private final List<Runnable> held = new ArrayList<>();

  InMemoryOrdering(List<OrderedApplication> replicas, int f) {
    this.replicas = replicas;
    this.f = f;
    this.down = new boolean[replicas.size()];
    this.order = new int[replicas.size()];
    for (int i = 0; i < replicas.size(); i++) {
      tamper.add(UnaryOperator.identity());
      inject.add(r -> null);
      order[i] = i;
    }
  }

  @Override
  public synchronized Invocation invoke(byte[] request, boolean unordered, ReplyHandler replies) {
    if (unordered) {
      unorderedInvocations++;
    } else {
      orderedInvocations++;
    }
    Runnable delivery = () -> deliver(request, unordered, replies);
    if (hold) {
      held.add(delivery);
    } else {
      delivery.run();
    }
    return () -> {};
  }

  /** Orders and delivers every held request, in the order they arrived. */
  synchronized void release() {
    hold = false;
    List<Runnable> now = new ArrayList<>(held);
    held.clear();
    now.forEach(Runnable::run);
  }

  private void deliver(byte[] request, boolean unordered, ReplyHandler replies) {
    if (!unordered) {
      for (int i = 0; i < replicas.size(); i++) {
        if (!down[i] && !replicas.get(i).verify(request)) {
          return; // a correct replica refuses it: never ordered, never answered
        }
      }
    }
    OrderContext ctx = new OrderContext(leaderClock.getAsLong(), consensus++, 1001);
    for (int i : order) {
      if (down[i]) {
        continue;
      }
      byte[] r =
          unordered
              ? replicas.get(i).executeUnordered(request)
              : replicas.get(i).executeOrdered(request, ctx);
      byte[] extra = inject.get(i).apply(r);
      if (extra != null) {
        replies.reply(i, extra);
      }
      replies.reply(i, tamper.get(i).apply(r));
    }
  }

  @Override
  public int n() {
    return replicas.size();
  }

  @Override
  public int f() {
    return f;
  }

  @Override
  public void close() {}
}
