package org.bftnfs.replication.client;

import java.util.BitSet;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.Procedure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes disagreement between replicas visible to the operator: until a faulty replica is repaired,
 * a valid reply that differs from the one a quorum agreed on is the only sign of it.
 *
 * <ul>
 *   <li>on the ordered path every correct replica executed the same requests, so any dissent is a
 *       fault: each such call is counted and logged;
 *   <li>on the read-only path a replica that has not yet executed the latest write answers
 *       differently too, for a moment; a replica that dissents on {@value #STREAK} read-only calls
 *       in a row is not lagging: from then on each dissent is counted and logged.
 * </ul>
 *
 * Log lines are rate-limited (one per power of two of the count). Thread-safe.
 */
final class DissentReport {

  private static final Logger LOG = LoggerFactory.getLogger(DissentReport.class);

  /** Read-only calls in a row on which a replica must dissent before it is reported. */
  static final int STREAK = 3;

  private final int relay;
  private final int[] streak;
  private long count;

  DissentReport(int relay, int n) {
    this.relay = relay;
    this.streak = new int[n];
  }

  /** An ordered call was accepted; {@code dissenters} sent valid replies that differ. */
  synchronized void ordered(BitSet dissenters, NfsCall call, long sequence) {
    ordered(dissenters, call, sequence, "");
  }

  /**
   * As {@link #ordered(BitSet, NfsCall, long)}, with what the dissenters said ({@code how}, for the
   * log line).
   */
  synchronized void ordered(BitSet dissenters, NfsCall call, long sequence, String how) {
    if (dissenters.isEmpty()) {
      return;
    }
    count++;
    if (Long.bitCount(count) == 1) {
      LOG.warn(
          "replicas {} answered {} (relay {}, request {}) differently from the replicas that"
              + " agree ({}); {} disagreements so far: a replica may be faulty",
          dissenters,
          name(call),
          relay,
          sequence,
          how,
          count);
    }
  }

  /**
   * A read-only call was accepted on the unordered path; {@code heard} replied validly, {@code
   * dissenters} of them differently.
   */
  synchronized void readOnly(BitSet heard, BitSet dissenters, NfsCall call) {
    for (int i = heard.nextSetBit(0); i >= 0 && i < streak.length; i = heard.nextSetBit(i + 1)) {
      if (!dissenters.get(i)) {
        streak[i] = 0;
        continue;
      }
      streak[i]++;
      if (streak[i] >= STREAK) {
        count++;
        if (Long.bitCount(count) == 1) {
          LOG.warn(
              "replica {} answered {} read-only calls in a row ({} the last) differently from the"
                  + " replicas that agree; {} disagreements so far: it may be faulty",
              i,
              streak[i],
              name(call),
              count);
        }
      }
    }
  }

  /** Disagreements reported so far. */
  synchronized long count() {
    return count;
  }

  private static String name(NfsCall call) {
    Procedure p = Procedure.byNumber(call.procedure());
    return p == null ? "procedure " + call.procedure() : p.name();
  }
}
