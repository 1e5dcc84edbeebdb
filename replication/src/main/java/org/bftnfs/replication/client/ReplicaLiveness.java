package org.bftnfs.replication.client;

import java.time.Duration;
import java.util.BitSet;
import java.util.function.LongSupplier;

/**
 * Which replicas a relay presumes down: those it has not heard a valid reply from for {@link
 * #SILENCE} while another replica did answer in that time. Only a hint for the read-only path (a
 * read need not wait for a replica that will not answer before it falls back to the ordered path):
 * a replica presumed down still counts whenever it does answer, and a wrong presumption costs an
 * ordered call, never a wrong result. Thread-safe.
 */
final class ReplicaLiveness {

  /** How long a replica may be silent, while others answer, before it is presumed down. */
  static final Duration SILENCE = Duration.ofSeconds(2);

  private final long[] lastHeard;
  private final LongSupplier nanoTime;

  /**
   * @param nanoTime a monotonic clock in nanoseconds (System::nanoTime; tests drive their own)
   */
  ReplicaLiveness(int n, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.lastHeard = new long[n];
    long now = nanoTime.getAsLong();
    java.util.Arrays.fill(lastHeard, now);
  }

  /** A valid reply from {@code replica} arrived. */
  synchronized void heard(int replica) {
    if (replica >= 0 && replica < lastHeard.length) {
      lastHeard[replica] = nanoTime.getAsLong();
    }
  }

  /** The replicas presumed down now. */
  synchronized BitSet presumedDown() {
    long latest = Long.MIN_VALUE;
    for (long t : lastHeard) {
      latest = Math.max(latest, t);
    }
    BitSet down = new BitSet();
    for (int i = 0; i < lastHeard.length; i++) {
      if (latest - lastHeard[i] > SILENCE.toNanos()) {
        down.set(i);
      }
    }
    return down;
  }
}
