package org.bftnfs.spec;

/**
 * The non-deterministic inputs of one execution, agreed by the replicas before it runs (paper §2.2,
 * the {@code non-det} argument of {@code execute}; §3.2 "we use the library to agree on the
 * timestamp value that is assigned to each operation").
 *
 * <p>The abstract specification reads nothing else that could differ between replicas: this time is
 * the only clock it knows.
 *
 * @param seconds agreed time, seconds since the epoch (unsigned 32 bits, as in {@code nfstime3})
 * @param nanos agreed time, nanoseconds within the second, {@code 0 <= nanos < 1e9}
 */
public record AgreedValues(int seconds, int nanos) {

  public AgreedValues {
    if (nanos < 0 || nanos >= 1_000_000_000) {
      throw new IllegalArgumentException("nanos out of range: " + nanos);
    }
  }

  /**
   * The smallest step between the agreed times of two executions: agreed time is strictly
   * increasing, by at least this much.
   */
  public static final long STEP_NANOS = 1_000;

  /**
   * The one rule that keeps agreed time monotonic (for unreplicated servers and replicas alike):
   * the candidate time, or {@link #STEP_NANOS} after the previous agreed time when the candidate is
   * not later than that (a clock that stood still or stepped back, a leader's timestamp behind).
   * Saturates instead of overflowing.
   *
   * @param previousNanos the previous agreed time (ns since the epoch), or {@link Long#MIN_VALUE}
   *     before the first
   * @param candidateNanos the time proposed for this execution
   */
  public static long after(long previousNanos, long candidateNanos) {
    if (previousNanos == Long.MIN_VALUE) {
      return candidateNanos;
    }
    long next =
        previousNanos > Long.MAX_VALUE - STEP_NANOS ? Long.MAX_VALUE : previousNanos + STEP_NANOS;
    return Math.max(next, candidateNanos);
  }

  /** The agreed values for a time given in nanoseconds since the epoch. */
  public static AgreedValues ofEpochNanos(long epochNanos) {
    return new AgreedValues(
        (int) Math.floorDiv(epochNanos, 1_000_000_000L),
        (int) Math.floorMod(epochNanos, 1_000_000_000L));
  }
}
