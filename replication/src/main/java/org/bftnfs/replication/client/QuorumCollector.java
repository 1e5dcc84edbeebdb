package org.bftnfs.replication.client;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bftnfs.replication.protocol.ReplyEnvelope;

/**
 * Collects the replies to one request until {@code quorum} replicas sent the same content with
 * valid signatures (paper §2.2: the relay "accepts a result only when enough replicas agree").
 * Replies that are malformed, wrongly signed, for another request (a different relay, sequence
 * number or request digest), or {@code FAULT} never count; a replica counts once. Thread-safe:
 * replies arrive on engine threads.
 *
 * <p>It gives up early: as soon as the replies in hand show that no content can reach the quorum
 * any more — counting every replica not heard from yet as a possible vote, except those the caller
 * presumes down — the result fails with {@link QuorumImpossible}, so a read-only call falls back to
 * the ordered path at once instead of waiting out its timeout.
 */
final class QuorumCollector {

  /** The replies in hand can no longer form the quorum. */
  static final class QuorumImpossible extends Exception {
    private static final long serialVersionUID = 1L;

    QuorumImpossible(String message) {
      super(message, null, false, false);
    }
  }

  private final int relay;
  private final long sequence;
  private final byte[] digest;
  private final int quorum;
  private final int n;
  private final BitSet presumedDown;
  private final ReplyEnvelope.ReplicaKeys keys;
  private final Map<ByteBuffer, BitSet> votes = new LinkedHashMap<>();
  private final BitSet heard = new BitSet();
  private final java.util.TreeMap<Integer, ReplyEnvelope> replies = new java.util.TreeMap<>();
  private final BitSet faulty = new BitSet();
  private final CompletableFuture<ReplyEnvelope> result = new CompletableFuture<>();
  private final CompletableFuture<Void> everyone = new CompletableFuture<>();

  /**
   * @param digest the digest of the request sent ({@code RequestEnvelope.digest})
   * @param n how many replicas there are
   * @param presumedDown replicas not expected to answer (they still count if they do)
   */
  QuorumCollector(
      int relay,
      long sequence,
      byte[] digest,
      int quorum,
      int n,
      BitSet presumedDown,
      ReplyEnvelope.ReplicaKeys keys) {
    this.relay = relay;
    this.sequence = sequence;
    this.digest = digest;
    this.quorum = quorum;
    this.n = n;
    this.presumedDown = (BitSet) presumedDown.clone();
    this.keys = keys;
  }

  /** Completes once every replica's valid reply arrived. */
  CompletableFuture<Void> everyoneHeard() {
    return everyone;
  }

  /** Completes with the first content that reaches the quorum. */
  CompletableFuture<ReplyEnvelope> result() {
    return result;
  }

  /**
   * Offers one reply from {@code sender}. Replies that arrive after the result are still recorded
   * (for {@link #dissenters} and the caller's liveness bookkeeping).
   *
   * @return whether it was a valid, authenticated reply to this request, new from this replica
   */
  synchronized boolean offer(int sender, byte[] bytes) {
    if (sender < 0 || sender >= n || heard.get(sender)) {
      return false;
    }
    ReplyEnvelope r = ReplyEnvelope.decode(sender, bytes, keys);
    if (r == null || r.relay() != relay || r.sequence() != sequence || !r.answers(digest)) {
      return false;
    }
    heard.set(sender);
    replies.put(sender, r);
    record(sender, r);
    if (heard.cardinality() == n) {
      // only now: whoever waits for everyone reads the votes, this one included
      everyone.complete(null);
    }
    return true;
  }

  /** Counts {@code r}'s vote, completes the result at the quorum, or fails it when impossible. */
  private void record(int sender, ReplyEnvelope r) {
    if (r.kind() == ReplyEnvelope.Kind.FAULT) {
      faulty.set(sender);
    } else {
      ByteBuffer content = ByteBuffer.wrap(r.content());
      BitSet agreeing = votes.computeIfAbsent(content, k -> new BitSet());
      agreeing.set(sender);
      if (agreeing.cardinality() >= quorum) {
        result.complete(r);
        return;
      }
    }
    if (!result.isDone() && !possible()) {
      result.completeExceptionally(
          new QuorumImpossible(
              "no "
                  + quorum
                  + " matching replies possible: "
                  + describeVotes()
                  + (faulty.isEmpty() ? "" : ", FAULT from " + faulty)
                  + (presumedDown.isEmpty() ? "" : ", presumed down " + presumedDown)));
    }
  }

  /** Whether some content can still reach the quorum with the replicas not heard from yet. */
  private boolean possible() {
    int best = 0;
    for (BitSet v : votes.values()) {
      best = Math.max(best, v.cardinality());
    }
    int open = 0;
    for (int i = 0; i < n; i++) {
      if (!heard.get(i) && !presumedDown.get(i)) {
        open++;
      }
    }
    return best + open >= quorum;
  }

  /**
   * The replicas whose valid reply differed from {@code accepted}'s content (empty when all that
   * answered agreed).
   */
  synchronized BitSet dissenters(ReplyEnvelope accepted) {
    BitSet others = (BitSet) heard.clone();
    others.andNot(faulty);
    BitSet agreeing = votes.get(ByteBuffer.wrap(accepted.content()));
    if (agreeing != null) {
      others.andNot(agreeing);
    }
    return others;
  }

  /**
   * How each of {@code replicas} answered compared with {@code accepted}: e.g. "2: REJECTED
   * (sequence number already used ...)" or "3: REPLY of 120 bytes, first difference at byte 88".
   */
  synchronized String describe(BitSet replicas, ReplyEnvelope accepted) {
    StringBuilder s = new StringBuilder();
    for (int i = replicas.nextSetBit(0); i >= 0; i = replicas.nextSetBit(i + 1)) {
      ReplyEnvelope r = replies.get(i);
      if (r == null) {
        continue;
      }
      if (s.length() > 0) {
        s.append("; ");
      }
      s.append(i).append(": ").append(r.kind());
      if (r.kind() == ReplyEnvelope.Kind.REPLY) {
        s.append(" of ")
            .append(r.detail().length)
            .append(" bytes, first difference at byte ")
            .append(java.util.Arrays.mismatch(r.detail(), accepted.detail()));
      } else {
        String text = new String(r.detail(), java.nio.charset.StandardCharsets.UTF_8);
        s.append(" (").append(text, 0, Math.min(120, text.length())).append(')');
      }
    }
    return s.toString();
  }

  /** The replicas whose valid reply arrived. */
  synchronized BitSet heard() {
    return (BitSet) heard.clone();
  }

  /** Who said what, e.g. "[0, 1] agree, [3] differ". */
  synchronized String describeVotes() {
    StringBuilder s = new StringBuilder();
    for (BitSet v : votes.values()) {
      if (s.length() > 0) {
        s.append(" / ");
      }
      s.append(v);
    }
    return s.length() == 0 ? "no replies" : "replies grouped by content " + s;
  }
}
