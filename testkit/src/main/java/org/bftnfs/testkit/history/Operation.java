package org.bftnfs.testkit.history;

import java.util.Objects;

/**
 * One client call of the history model: an operation on a named regular file of one directory, or a
 * listing of that directory. The model is what {@link HistoryChecker} understands:
 *
 * <ul>
 *   <li>{@link Kind#CREATE} of a name, exclusive (fails with {@code EXIST} when the name exists) or
 *       not (succeeds and leaves an existing file unchanged); a file it creates is empty;
 *   <li>{@link Kind#WRITE} of a whole value (replaces the content; fails with {@code NOENT} or
 *       {@code STALE} when the file does not exist). Every write value of a history must be
 *       non-empty and unique across the whole history (for example {@code "c<client>-<seq>"});
 *   <li>{@link Kind#READ} of the whole content (a value, the empty string for a created file never
 *       written, or {@code NOENT}/{@code STALE} when absent);
 *   <li>{@link Kind#REMOVE} of a name (fails with {@code NOENT} when absent);
 *   <li>{@link Kind#LIST} of the directory (the set of names in it, read atomically).
 * </ul>
 *
 * <p>Instances are immutable values; build them with the static factories.
 *
 * @param kind what the call does
 * @param name the file's name; {@code null} for {@link Kind#LIST} only
 * @param value the value written by a {@link Kind#WRITE}; {@code null} otherwise
 * @param exclusive whether a {@link Kind#CREATE} is exclusive; {@code false} otherwise
 */
public record Operation(Kind kind, String name, String value, boolean exclusive) {

  /** The kinds of call the model knows. */
  public enum Kind {
    /** Creates a file (exclusive or not). */
    CREATE,
    /** Replaces a file's whole content by a unique value. */
    WRITE,
    /** Reads a file's whole content. */
    READ,
    /** Removes a file. */
    REMOVE,
    /** Lists the names of the directory. */
    LIST
  }

  /**
   * Checks the invariants stated in the class comment.
   *
   * @throws IllegalArgumentException if a field does not fit the kind
   */
  public Operation {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.LIST) != (name == null)) {
      throw new IllegalArgumentException(kind + " needs " + (name == null ? "a" : "no") + " name");
    }
    if (kind == Kind.WRITE) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("a write needs a non-empty value");
      }
    } else if (value != null) {
      throw new IllegalArgumentException(kind + " carries no value");
    }
    if (exclusive && kind != Kind.CREATE) {
      throw new IllegalArgumentException("only a create is exclusive");
    }
  }

  /** A create of {@code name}, exclusive or not. */
  public static Operation create(String name, boolean exclusive) {
    return new Operation(Kind.CREATE, Objects.requireNonNull(name, "name"), null, exclusive);
  }

  /** A write of the whole, unique, non-empty {@code value} to {@code name}. */
  public static Operation write(String name, String value) {
    return new Operation(Kind.WRITE, Objects.requireNonNull(name, "name"), value, false);
  }

  /** A read of the whole content of {@code name}. */
  public static Operation read(String name) {
    return new Operation(Kind.READ, Objects.requireNonNull(name, "name"), null, false);
  }

  /** A remove of {@code name}. */
  public static Operation remove(String name) {
    return new Operation(Kind.REMOVE, Objects.requireNonNull(name, "name"), null, false);
  }

  /** A listing of the directory. */
  public static Operation list() {
    return new Operation(Kind.LIST, null, null, false);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CREATE -> (exclusive ? "create-exclusive(" : "create(") + name + ")";
      case WRITE -> "write(" + name + ", " + value + ")";
      case READ -> "read(" + name + ")";
      case REMOVE -> "remove(" + name + ")";
      case LIST -> "list()";
    };
  }
}
