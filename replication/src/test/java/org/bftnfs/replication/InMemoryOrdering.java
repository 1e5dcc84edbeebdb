package org.bftnfs.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;
import org.bftnfs.replication.ordering.OrderingClient;

/**
 * A fake ordering engine for fast unit tests of the replication layer above the engine: it delivers
 * every ordered request to every replica in one total order, synchronously, with a logical
 * timestamp. Never the proof of a feature: the real engine (BFT-SMaRt) is exercised by the
 * integration tests. Replies can be tampered with per replica to play a Byzantine replica.
 */
final class InMemoryOrdering implements OrderingClient {

  final List<OrderedApplication> replicas;
  final List<UnaryOperator<byte[]>> tamper = new ArrayList<>();
  final boolean[] down;
  private final int f;
  private long clock = 1_700_000_000_000L;
  private int consensus;

  InMemoryOrdering(List<OrderedApplication> replicas, int f) {
    this.replicas = replicas;
    this.f = f;
    this.down = new boolean[replicas.size()];
    for (int i = 0; i < replicas.size(); i++) {
      tamper.add(UnaryOperator.identity());
    }
  }

  @Override
  public synchronized Invocation invoke(byte[] request, boolean unordered, ReplyHandler replies) {
    OrderContext ctx = new OrderContext(clock += 7, consensus++, 1001);
    for (int i = 0; i < replicas.size(); i++) {
      if (down[i]) {
        continue;
      }
      byte[] r =
          unordered
              ? replicas.get(i).executeUnordered(request)
              : replicas.get(i).executeOrdered(request, ctx);
      replies.reply(i, tamper.get(i).apply(r));
    }
    return () -> {};
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
