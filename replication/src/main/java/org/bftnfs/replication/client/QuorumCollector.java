package org.bftnfs.replication.client;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.bftnfs.replication.protocol.ReplyEnvelope;

/**
 * Collects the replies to one request until {@code quorum} replicas sent the same content with
 * valid signatures (paper §2.2: the relay "accepts a result only when enough replicas agree").
 * Replies that are malformed, wrongly signed, for another request, or {@code FAULT} never count; a
 * replica counts once. Thread-safe: replies arrive on engine threads.
 */
final class QuorumCollector {

  private final int relay;
  private final long sequence;
  private final int quorum;
  private final ReplyEnvelope.ReplicaKeys keys;
  private final Map<ByteBuffer, Set<Integer>> votes = new HashMap<>();
  private final Set<Integer> heard = new HashSet<>();
  private final CompletableFuture<ReplyEnvelope> result = new CompletableFuture<>();

  QuorumCollector(int relay, long sequence, int quorum, ReplyEnvelope.ReplicaKeys keys) {
    this.relay = relay;
    this.sequence = sequence;
    this.quorum = quorum;
    this.keys = keys;
  }

  /** Completes with the first content that reaches the quorum. */
  CompletableFuture<ReplyEnvelope> result() {
    return result;
  }

  synchronized void offer(int sender, byte[] bytes) {
    if (result.isDone()) {
      return;
    }
    ReplyEnvelope r = ReplyEnvelope.decode(sender, bytes, keys);
    if (r == null
        || r.relay() != relay
        || r.sequence() != sequence
        || r.kind() == ReplyEnvelope.Kind.FAULT
        || !heard.add(sender)) {
      return;
    }
    Set<Integer> agreeing =
        votes.computeIfAbsent(ByteBuffer.wrap(r.content()), k -> new HashSet<>());
    agreeing.add(sender);
    if (agreeing.size() >= quorum) {
      result.complete(r);
    }
  }

  /** Number of distinct replicas whose valid replies arrived. */
  synchronized int heard() {
    return heard.size();
  }
}
