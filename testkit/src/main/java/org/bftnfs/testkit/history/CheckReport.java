package org.bftnfs.testkit.history;

import java.util.List;

/**
 * What {@link HistoryChecker#check} found: the violations (empty for a history it accepts) and how
 * many calls it looked at.
 *
 * @param calls how many calls the history held
 * @param violations every violation found, in the order of the calls' indexes (unmodifiable)
 */
public record CheckReport(int calls, List<Violation> violations) {

  /** How many violations {@link #assertValid} describes in its message at most. */
  public static final int SHOWN = 10;

  /** Copies the list. */
  public CheckReport {
    violations = List.copyOf(violations);
  }

  /** Whether no violation was found. */
  public boolean valid() {
    return violations.isEmpty();
  }

  /**
   * Does nothing if the history is valid.
   *
   * @throws AssertionError describing the first {@link #SHOWN} violations otherwise
   */
  public void assertValid() {
    if (!valid()) {
      throw new AssertionError(toString());
    }
  }

  @Override
  public String toString() {
    if (valid()) {
      return calls + " calls, no violation";
    }
    StringBuilder text =
        new StringBuilder()
            .append(calls)
            .append(" calls, ")
            .append(violations.size())
            .append(" violation(s):");
    violations.stream().limit(SHOWN).forEach(v -> text.append("\n  ").append(v));
    if (violations.size() > SHOWN) {
      text.append("\n  ...");
    }
    return text.toString();
  }
}
