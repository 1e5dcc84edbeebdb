package org.bftnfs.clusters;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a condition, bounded: polls it every 20 ms until it holds or the time is up. */
final class Poll {

  private Poll() {}

  /**
   * Waits until {@code condition} holds, nothing in the background.
   *
   * @throws AssertionError if it does not hold within {@code timeout}
   */
  static void until(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    until(timeout, new java.util.concurrent.CompletableFuture<Void>(), what, condition);
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @param worker a background task the condition depends on: if it ends first, waiting stops
   *     (null: none)
   * @throws AssertionError if it does not hold within {@code timeout} or the worker ended first
   */
  static void until(Duration timeout, Future<?> worker, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (worker != null && worker.isDone()) {
        throw new AssertionError("the workload ended before " + what + ": " + outcome(worker));
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20); // poll interval
    }
  }

  /** How {@code worker} ended: its failure, or that it returned. */
  private static String outcome(Future<?> worker) {
    try {
      worker.get();
      return "it returned";
    } catch (java.util.concurrent.ExecutionException e) {
      return "it failed: " + e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (java.util.concurrent.CancellationException e) {
      return "it was cancelled";
    }
  }
}
