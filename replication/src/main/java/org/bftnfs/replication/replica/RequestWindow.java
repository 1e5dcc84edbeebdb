package org.bftnfs.replication.replica;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which requests of one relay this replica has executed, and their replies, so that a request is
 * never executed twice: a retransmission (the same sequence number and the same request digest) is
 * answered from the cache; a replay of a request that fell out of the window, or a different
 * request under a number already used, is rejected. Part of the replicated state (it is in
 * snapshots): it changes only with ordered executions, so every correct replica holds the same
 * window.
 *
 * <p>The window keeps the last {@value #SIZE} sequence numbers executed; sequence numbers below it
 * are rejected. Replies are cached within a budget of {@value #CACHE_BYTES} bytes, oldest dropped
 * first (a retransmission whose reply was dropped is rejected, never re-executed).
 */
final class RequestWindow {

  static final int SIZE = 4096;
  static final long CACHE_BYTES = 32L << 20;

  /** What to do with a request. */
  enum Verdict {
    EXECUTE(null),
    CACHED(null),
    REPLAYED("replayed request"),
    REUSED("sequence number already used for another request"),
    EXPIRED("reply no longer cached");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    /** Why a request is rejected, for the verdicts that reject it. */
    String reason() {
      return reason;
    }
  }

  /** One executed request: its digest and its reply (null once dropped from the cache). */
  record Executed(byte[] digest, byte[] reply) {}

  /** Lowest sequence number still accepted. */
  private long floor = Long.MIN_VALUE;

  /** Executed sequence numbers ≥ floor. */
  private final TreeMap<Long, Executed> executed = new TreeMap<>();

  private long cachedBytes;

  Verdict check(long sequence, byte[] digest) {
    if (sequence < floor) {
      return Verdict.REPLAYED;
    }
    Executed e = executed.get(sequence);
    if (e == null) {
      return Verdict.EXECUTE;
    }
    if (!Arrays.equals(e.digest(), digest)) {
      return Verdict.REUSED;
    }
    return e.reply() == null ? Verdict.EXPIRED : Verdict.CACHED;
  }

  byte[] cached(long sequence) {
    return executed.get(sequence).reply();
  }

  /** The lowest sequence number above every number this window accepted or rejects as old. */
  long next() {
    long next = executed.isEmpty() ? floor : executed.lastKey() + 1;
    return Math.max(next, 1);
  }

  void record(long sequence, byte[] digest, byte[] content) {
    executed.put(sequence, new Executed(digest, content));
    cachedBytes += content.length;
    while (executed.size() > SIZE) {
      Map.Entry<Long, Executed> oldest = executed.pollFirstEntry();
      floor = oldest.getKey() + 1;
      if (oldest.getValue().reply() != null) {
        cachedBytes -= oldest.getValue().reply().length;
      }
    }
    for (Map.Entry<Long, Executed> e : executed.entrySet()) {
      if (cachedBytes <= CACHE_BYTES) {
        break;
      }
      byte[] reply = e.getValue().reply();
      if (reply != null) {
        cachedBytes -= reply.length;
        e.setValue(new Executed(e.getValue().digest(), null));
      }
    }
  }

  long floor() {
    return floor;
  }

  Map<Long, Executed> executed() {
    return executed;
  }

  static RequestWindow of(long floor, Map<Long, Executed> executed) {
    RequestWindow w = new RequestWindow();
    w.floor = floor;
    w.executed.putAll(executed);
    for (Executed e : executed.values()) {
      w.cachedBytes += e.reply() == null ? 0 : e.reply().length;
    }
    return w;
  }
}
