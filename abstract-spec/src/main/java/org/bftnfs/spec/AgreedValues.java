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

  /** The agreed values for a time given in nanoseconds since the epoch. */
  public static AgreedValues ofEpochNanos(long epochNanos) {
    return new AgreedValues(
        (int) Math.floorDiv(epochNanos, 1_000_000_000L),
        (int) Math.floorMod(epochNanos, 1_000_000_000L));
  }
}
