package org.bftnfs.relay;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bftnfs.spec.service.Procedure;

/**
 * Bounds the NFS calls a relay holds in flight by the heap they take, so that a client that sends
 * faster than the replicas order (many 1 MiB WRITEs from a kernel client or {@code nfs-cp}, or any
 * client while a replica is down and the others go slower) meets back-pressure instead of filling
 * the relay's heap: without it, every call read was handed on at once, and a relay with 256 MiB ran
 * out of memory with some 200 WRITEs in flight, the call it was encoding lost.
 *
 * <p>A call's cost estimates the heap it holds until answered: {@value #PER_ARGUMENT_BYTE} bytes
 * per argument byte (the record, the arguments, the signed request envelope, the ordering engine's
 * serialised message, each a large array that G1 places in whole regions, and what encoding them
 * allocates), {@value #PER_ASKED_BYTE} per byte of the reply a READ, READDIR or READDIRPLUS asks
 * for (the last field of their arguments; replies come from several replicas), plus 4 KiB. The
 * budget is half the heap. Before a call is handed to a worker the network thread waits for its
 * cost to be free, up to {@link #WAIT} by default (the connection's next records wait meanwhile:
 * TCP back-pressure); when it is still not free the call is answered {@code NFS3ERR_JUKEBOX} (try
 * again later). The cost is given back when the call's reply has been handed to the transport. A
 * call that costs more than the whole budget is charged the whole budget: it runs alone.
 *
 * <p>Thread-safety: thread-safe.
 */
final class InFlightBudget {

  /** How long the network thread waits for room before answering JUKEBOX, by default. */
  static final Duration WAIT = Duration.ofSeconds(10);

  /** The share of the heap that calls in flight may take, counted as their cost. */
  static final int HEAP_SHARE = 2;

  /** Heap bytes a call holds per byte of its arguments. */
  static final int PER_ARGUMENT_BYTE = 8;

  /** Heap bytes a call holds per byte of the reply it asks for. */
  static final int PER_ASKED_BYTE = 4;

  private static final int UNIT = 1024;
  private static final int OVERHEAD = 4 * UNIT;
  private static final int MAX_ASKED = 4 << 20;

  private final Semaphore units;
  private final int total;
  private final Duration wait;

  /**
   * @param bytes the most the calls in flight may cost together
   * @param wait how long a call waits for room before it is answered JUKEBOX
   */
  InFlightBudget(long bytes, Duration wait) {
    this.wait = wait;
    if (bytes < UNIT) {
      throw new IllegalArgumentException("a budget of " + bytes + " bytes holds no call");
    }
    this.total = (int) Math.min(Integer.MAX_VALUE, bytes / UNIT);
    this.units = new Semaphore(total);
  }

  /** The budget for a relay whose heap is at most {@code maxHeap} bytes: half of it. */
  static InFlightBudget forHeap(long maxHeap) {
    return new InFlightBudget(Math.max(8L << 20, maxHeap / HEAP_SHARE), WAIT);
  }

  /** How long a call waits for room. */
  Duration waitForRoom() {
    return wait;
  }

  /** The cost of an NFS call, in the budget's units (KiB), at most the whole budget. */
  int cost(int procedure, byte[] arguments) {
    long bytes = (long) PER_ARGUMENT_BYTE * arguments.length + OVERHEAD;
    if ((procedure == Procedure.READ.number()
            || procedure == Procedure.READDIR.number()
            || procedure == Procedure.READDIRPLUS.number())
        && arguments.length >= 4) {
      int n = arguments.length;
      long asked =
          (arguments[n - 4] & 0xffL) << 24
              | (arguments[n - 3] & 0xff) << 16
              | (arguments[n - 2] & 0xff) << 8
              | (arguments[n - 1] & 0xff);
      bytes += PER_ASKED_BYTE * Math.min(asked, MAX_ASKED);
    }
    return (int) Math.min(total, (bytes + UNIT - 1) / UNIT);
  }

  /**
   * Takes {@code cost} units, waiting up to {@link #waitForRoom()} for them.
   *
   * @return whether they were taken
   */
  boolean acquire(int cost) {
    try {
      return units.tryAcquire(cost, wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Gives back {@code cost} units taken by {@link #acquire}. */
  void release(int cost) {
    units.release(cost);
  }

  /** Units free now (for tests and metrics). */
  int available() {
    return units.availablePermits();
  }

  /** All units. */
  int total() {
    return total;
  }
}
