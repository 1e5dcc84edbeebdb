package org.bftnfs.replication.ordering.smart;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bftnfs.replication.ordering.OrderingClient;

/**
 * What a caller of {@link OrderingClient#invoke} does: counts replies by content over distinct
 * replicas and completes once {@code quorum} replicas sent the same bytes. Never blocks.
 */
final class MatchingReplies implements OrderingClient.ReplyHandler {

  private final int quorum;
  private final Map<ByteBuffer, BitSet> byContent = new HashMap<>();
  private final BitSet repliedBy = new BitSet();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();

  MatchingReplies(int quorum) {
    this.quorum = quorum;
  }

  @Override
  public synchronized void reply(int replica, byte[] reply) {
    repliedBy.set(replica);
    BitSet senders = byContent.computeIfAbsent(ByteBuffer.wrap(reply), k -> new BitSet());
    senders.set(replica);
    if (senders.cardinality() >= quorum) {
      result.complete(reply);
    }
  }

  CompletableFuture<byte[]> result() {
    return result;
  }

  /** Replicas that replied so far (any content). */
  synchronized BitSet repliedBy() {
    return (BitSet) repliedBy.clone();
  }
}
