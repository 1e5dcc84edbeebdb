package org.bftnfs.testkit.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records the calls several clients make, each with its invocation and completion time and its
 * outcome, for {@link HistoryChecker}. The recorder never reads a clock: its callers pass the times
 * (from {@link System#nanoTime()} or a simulated clock), so a history is a deterministic function
 * of the calls made on it. It is safe to use from several threads (every method is synchronized); a
 * caller that takes the time just before {@link #invoke} and just after the call returned, before
 * {@link #complete}, records an interval that contains the call's effect.
 *
 * <p>A call invoked but never completed counts as {@link Outcome.Status#UNKNOWN}, completed
 * "never".
 */
public final class History {

  private final List<Pending> calls = new ArrayList<>();

  private static final class Pending {
    final int client;
    final Operation operation;
    final long invoked;
    long completed = Long.MAX_VALUE;
    Outcome outcome;

    Pending(int client, Operation operation, long invoked) {
      this.client = client;
      this.operation = operation;
      this.invoked = invoked;
    }
  }

  /** An empty history. */
  public History() {}

  /**
   * Records that {@code client} sends {@code operation} at time {@code nanos}.
   *
   * @return the call's id, to pass to {@link #complete}
   */
  public synchronized int invoke(int client, Operation operation, long nanos) {
    calls.add(new Pending(client, Objects.requireNonNull(operation, "operation"), nanos));
    return calls.size() - 1;
  }

  /**
   * Records that call {@code id} ended with {@code outcome}, known at time {@code nanos}.
   *
   * @throws IllegalArgumentException if {@code id} is not a call of this history or {@code nanos}
   *     is before its invocation
   * @throws IllegalStateException if the call was already completed
   */
  public synchronized void complete(int id, Outcome outcome, long nanos) {
    if (id < 0 || id >= calls.size()) {
      throw new IllegalArgumentException("no call " + id);
    }
    Pending call = calls.get(id);
    if (call.outcome != null) {
      throw new IllegalStateException("call " + id + " already completed");
    }
    if (nanos < call.invoked) {
      throw new IllegalArgumentException("call " + id + " completed before it was invoked");
    }
    call.outcome = Objects.requireNonNull(outcome, "outcome");
    call.completed = nanos;
  }

  /** Records a whole call at once: {@link #invoke} then {@link #complete}; returns its id. */
  public synchronized int record(
      int client, Operation operation, long invoked, Outcome outcome, long completed) {
    int id = invoke(client, operation, invoked);
    complete(id, outcome, completed);
    return id;
  }

  /** How many calls were invoked. */
  public synchronized int size() {
    return calls.size();
  }

  /**
   * A snapshot of the calls recorded so far, in invocation-record order; calls not completed yet
   * appear as {@link Outcome.Status#UNKNOWN}, completed at {@link Long#MAX_VALUE}.
   */
  public synchronized List<HistoryEntry> entries() {
    List<HistoryEntry> out = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      Pending p = calls.get(i);
      Outcome outcome = p.outcome == null ? Outcome.unknown() : p.outcome;
      out.add(new HistoryEntry(i, p.client, p.operation, p.invoked, p.completed, outcome));
    }
    return List.copyOf(out);
  }
}
