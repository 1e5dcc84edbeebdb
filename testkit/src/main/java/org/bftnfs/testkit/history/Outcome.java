package org.bftnfs.testkit.history;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a recorded call ended, as far as its client knows.
 *
 * <ul>
 *   <li>{@link Status#OK}: the call took effect once and answered; {@link #value} holds what a read
 *       returned (the empty string for an empty file) and {@link #names} what a listing returned.
 *   <li>{@link Status#ERROR}: the service answered a definite NFS error, {@link #error}; the call
 *       did not change anything. {@link Error#NOENT}, {@link Error#STALE} and {@link Error#EXIST}
 *       tell the checker something about the file's state; {@link Error#OTHER} tells it nothing.
 *   <li>{@link Status#UNKNOWN}: the call's fate is not known (a time-out, a lost connection, an
 *       answer such as {@code JUKEBOX} that does not say whether it ran): it may have taken effect
 *       at any time after its invocation, even after the client gave up, or never.
 * </ul>
 *
 * <p>A read of an absent file is {@code error(NOENT)} (or {@code STALE}); {@link #absent()} says
 * so.
 *
 * @param status which of the three cases
 * @param value the value a read returned; {@code null} unless an OK read
 * @param names the names a listing returned (an unmodifiable sorted set); {@code null} unless an OK
 *     listing
 * @param error the NFS error; {@code null} unless {@link Status#ERROR}
 */
public record Outcome(Status status, String value, Set<String> names, Error error) {

  /** The three ways a call can end. */
  public enum Status {
    /** Answered success. */
    OK,
    /** Answered a definite error. */
    ERROR,
    /** May or may not have taken effect. */
    UNKNOWN
  }

  /** The NFS errors the model distinguishes. */
  public enum Error {
    /** {@code NFS3ERR_NOENT}: the file does not exist. */
    NOENT,
    /** {@code NFS3ERR_STALE}: the handle's file does not exist any more. */
    STALE,
    /** {@code NFS3ERR_EXIST}: the name already exists. */
    EXIST,
    /** Any other definite error: the call did not take effect, and says nothing of the state. */
    OTHER
  }

  private static final Outcome OK = new Outcome(Status.OK, null, null, null);
  private static final Outcome UNKNOWN = new Outcome(Status.UNKNOWN, null, null, null);

  /**
   * Checks that the fields fit the status, and copies {@link #names}.
   *
   * @throws IllegalArgumentException if they do not
   */
  public Outcome {
    Objects.requireNonNull(status, "status");
    if ((status == Status.ERROR) != (error != null)) {
      throw new IllegalArgumentException("an error outcome, and only one, carries an error");
    }
    if (status != Status.OK && (value != null || names != null)) {
      throw new IllegalArgumentException("only an OK outcome carries a result");
    }
    if (value != null && names != null) {
      throw new IllegalArgumentException("a read's value or a listing's names, not both");
    }
    if (names != null) {
      names = Collections.unmodifiableSet(new TreeSet<>(names));
    }
  }

  /** Success without a result (create, write, remove). */
  public static Outcome ok() {
    return OK;
  }

  /** A read that returned {@code value} (the empty string for an empty file). */
  public static Outcome okValue(String value) {
    return new Outcome(Status.OK, Objects.requireNonNull(value, "value"), null, null);
  }

  /** A listing that returned {@code names}. */
  public static Outcome okNames(Set<String> names) {
    return new Outcome(Status.OK, null, Objects.requireNonNull(names, "names"), null);
  }

  /** A definite error. */
  public static Outcome error(Error error) {
    return new Outcome(Status.ERROR, null, null, Objects.requireNonNull(error, "error"));
  }

  /** A read (or write) that found no file: {@code error(NOENT)}. */
  public static Outcome absent() {
    return error(Error.NOENT);
  }

  /** A call whose fate is not known. */
  public static Outcome unknown() {
    return UNKNOWN;
  }

  /** Whether this is an error saying the file does not exist ({@code NOENT} or {@code STALE}). */
  public boolean isAbsent() {
    return error == Error.NOENT || error == Error.STALE;
  }

  @Override
  public String toString() {
    return switch (status) {
      case OK -> value != null ? "OK \"" + value + "\"" : names != null ? "OK " + names : "OK";
      case ERROR -> error.name();
      case UNKNOWN -> "UNKNOWN";
    };
  }
}
