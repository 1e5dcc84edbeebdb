package org.bftnfs.testkit.history;

import java.util.Objects;

/**
 * One recorded call: who made it, what it was, when it was invoked and when its client learnt how
 * it ended, and how it ended. Times are whatever monotonic clock the recorder's caller uses
 * (typically {@link System#nanoTime()}, or a simulated clock); the checker only compares them. A
 * call whose client never learnt how it ended has an {@link Outcome.Status#UNKNOWN} outcome; its
 * {@link #completed} time is then only when the client gave up ({@link Long#MAX_VALUE} if it never
 * did), and the call may take effect later.
 *
 * @param index the position of the call in its history (order of invocation records), from 0
 * @param client the calling client's id
 * @param operation what the call did
 * @param invoked when the call was sent
 * @param completed when its outcome was known, at least {@code invoked}
 * @param outcome how it ended
 */
public record HistoryEntry(
    int index, int client, Operation operation, long invoked, long completed, Outcome outcome) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if {@code completed < invoked} or {@code index < 0}
   */
  public HistoryEntry {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    if (completed < invoked) {
      throw new IllegalArgumentException("completed " + completed + " before invoked " + invoked);
    }
    if (index < 0) {
      throw new IllegalArgumentException("index " + index);
    }
  }

  @Override
  public String toString() {
    return "#"
        + index
        + " client "
        + client
        + " "
        + operation
        + " ["
        + invoked
        + ", "
        + (completed == Long.MAX_VALUE ? "never" : Long.toString(completed))
        + "] -> "
        + outcome;
  }
}
