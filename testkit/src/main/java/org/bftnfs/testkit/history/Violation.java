package org.bftnfs.testkit.history;

import java.util.Objects;

/**
 * One thing a history shows that no correct (linearizable) service could have done, found by {@link
 * HistoryChecker}.
 *
 * @param kind which rule the history breaks
 * @param entry the call whose outcome cannot be explained
 * @param name the file the rule is about (for a listing: the name missing or extra)
 * @param source the call that best explains the outcome but was provably overwritten (the
 *     latest-completing possible source); {@code null} if no call could have produced it (or only
 *     the directory's initial state could)
 * @param witness a call that proves the source was overwritten before {@code entry} began (it
 *     started after the source completed and completed before {@code entry} started, and saw or
 *     made another state); {@code null} if there is no possible source at all
 * @param message a sentence for people
 */
public record Violation(
    Kind kind,
    HistoryEntry entry,
    String name,
    HistoryEntry source,
    HistoryEntry witness,
    String message) {

  /** The rules. */
  public enum Kind {
    /**
     * An acknowledged mutation (write, create or remove) that completed before the call began, and
     * after every possible source of what the call saw, is not visible to it.
     */
    LOST_WRITE,
    /**
     * The call saw a state that another call (a read, a listing, an error answer) had already
     * proven replaced before the call began: the service went back in time.
     */
    STALE_READ,
    /**
     * A read returned a value (or a state) no call invoked before the read completed could make.
     */
    UNWRITTEN_VALUE,
    /**
     * A non-idempotent call answered as if it ran twice: an exclusive create answered {@code EXIST}
     * or a remove answered {@code NOENT} though no other call (including ones of unknown fate)
     * could have made the name exist, or not exist, at that point.
     */
    DUPLICATE_EXECUTION,
    /** A listing lacked a name that must have existed during the whole listing. */
    LISTING_MISSING_NAME,
    /** A listing held a name that could not have existed at any point during the listing. */
    LISTING_EXTRA_NAME
  }

  /** Checks that the required fields are there. */
  public Violation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind
        + " on "
        + name
        + ": "
        + message
        + "\n    call:    "
        + entry
        + (source == null ? "" : "\n    source:  " + source)
        + (witness == null ? "" : "\n    witness: " + witness);
  }
}
