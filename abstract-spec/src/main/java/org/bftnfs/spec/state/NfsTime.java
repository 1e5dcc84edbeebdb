package org.bftnfs.spec.state;

/**
 * An abstract timestamp ({@code nfstime3}): seconds (unsigned 32 bits) and nanoseconds. Abstract
 * timestamps come only from agreed values or from clients (SETATTR), never from a local clock.
 */
public record NfsTime(int seconds, int nanos) implements Comparable<NfsTime> {

  public static final NfsTime ZERO = new NfsTime(0, 0);

  @Override
  public int compareTo(NfsTime o) {
    int c = Integer.compareUnsigned(seconds, o.seconds);
    return c != 0 ? c : Integer.compareUnsigned(nanos, o.nanos);
  }
}
