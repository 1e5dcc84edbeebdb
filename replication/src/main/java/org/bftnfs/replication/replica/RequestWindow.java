package org.bftnfs.replication.replica;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which requests of one relay this replica has executed, and their replies, so that a request is
 * never executed twice: a retransmission is answered from the cache, a replay of a request that
 * fell out of the window is rejected. Part of the replicated state (it is in snapshots): it changes
 * only with ordered executions, so every correct replica holds the same window.
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
    EXECUTE,
    CACHED,
    REJECT
  }

  /** Lowest sequence number still accepted. */
  private long floor = Long.MIN_VALUE;

  /** Executed sequence numbers ≥ floor → cached reply content (null when dropped). */
  private final TreeMap<Long, byte[]> executed = new TreeMap<>();

  private long cachedBytes;

  Verdict check(long sequence) {
    if (sequence < floor) {
      return Verdict.REJECT;
    }
    if (!executed.containsKey(sequence)) {
      return Verdict.EXECUTE;
    }
    return executed.get(sequence) == null ? Verdict.REJECT : Verdict.CACHED;
  }

  byte[] cached(long sequence) {
    return executed.get(sequence);
  }

  void record(long sequence, byte[] content) {
    executed.put(sequence, content);
    cachedBytes += content.length;
    while (executed.size() > SIZE) {
      Map.Entry<Long, byte[]> oldest = executed.pollFirstEntry();
      floor = oldest.getKey() + 1;
      if (oldest.getValue() != null) {
        cachedBytes -= oldest.getValue().length;
      }
    }
    for (Map.Entry<Long, byte[]> e : executed.entrySet()) {
      if (cachedBytes <= CACHE_BYTES) {
        break;
      }
      if (e.getValue() != null) {
        cachedBytes -= e.getValue().length;
        e.setValue(null);
      }
    }
  }

  long floor() {
    return floor;
  }

  Map<Long, byte[]> executed() {
    return executed;
  }

  static RequestWindow of(long floor, Map<Long, byte[]> executed) {
    RequestWindow w = new RequestWindow();
    w.floor = floor;
    w.executed.putAll(executed);
    for (byte[] b : executed.values()) {
      w.cachedBytes += b == null ? 0 : b.length;
    }
    return w;
  }
}
