package org.bftnfs.replication.replica;

import java.util.function.LongSupplier;

/**
 * How long a replica's checkpoints take, by its local monotonic clock: for operators and the bench
 * only (the replica's metrics). Nothing here reaches the agreed state, a checkpoint's descriptor or
 * a reply: the times differ from replica to replica.
 *
 * <p>Thread-safety: {@link #record} is called by the one thread that takes checkpoints (under the
 * replica's lock); {@link #totals} may be read from any thread: it returns what the last {@link
 * #record} published.
 */
public final class CheckpointTimes {

  /**
   * The checkpoints taken so far and the time they took.
   *
   * @param taken checkpoints taken
   * @param totalNanos their durations added up, in nanoseconds
   * @param lastNanos the latest one's duration, in nanoseconds (0 before the first)
   */
  public record Totals(long taken, long totalNanos, long lastNanos) {

    /** Before the first checkpoint. */
    public static final Totals NONE = new Totals(0, 0, 0);

    /** The durations added up, in seconds. */
    public double totalSeconds() {
      return totalNanos / 1e9;
    }

    /** The latest one's duration, in seconds (0 before the first). */
    public double lastSeconds() {
      return lastNanos / 1e9;
    }

    /**
     * These checkpoints followed by {@code later}'s (those of a node started after this one's):
     * counts and durations added up, the latest being {@code later}'s when it took any.
     */
    public Totals then(Totals later) {
      return new Totals(
          taken + later.taken,
          totalNanos + later.totalNanos,
          later.taken > 0 ? later.lastNanos : lastNanos);
    }
  }

  private final LongSupplier ticker;
  private volatile Totals totals = Totals.NONE;

  /**
   * @param ticker a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public CheckpointTimes(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /** The ticker's reading now: pass it to {@link #record} when the checkpoint is done. */
  public long start() {
    return ticker.getAsLong();
  }

  /**
   * Records one checkpoint that began at {@code started} (a {@link #start} reading) and ended now.
   */
  public void record(long started) {
    long took = Math.max(0, ticker.getAsLong() - started);
    Totals before = totals;
    totals = new Totals(before.taken() + 1, before.totalNanos() + took, took);
  }

  /** The checkpoints recorded so far. Any thread, no lock. */
  public Totals totals() {
    return totals;
  }
}
