package org.bftnfs.testkit.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a recorded {@link History} of calls on the files of one directory (the model of {@link
 * Operation}) for outcomes no correct service could have given: lost acknowledged writes, stale
 * reads, reads of values never written, non-idempotent calls executed twice, and directory listings
 * that lack a name that must exist or hold one that cannot.
 *
 * <h2>What "correct" means</h2>
 *
 * A history is linearizable (Herlihy and Wing, 1990) if every call can be given a single point in
 * time between its invocation and its completion such that executing the calls one at a time in the
 * order of those points, on a sequential directory, gives every call the outcome it recorded. A
 * call of {@linkplain Outcome.Status#UNKNOWN unknown} outcome may be given a point anywhere after
 * its invocation (also after its client gave up), or none at all. A call that answered a definite
 * error took effect on nothing but still has a point, at which the state explains the error (an
 * exclusive create answering {@code EXIST} saw the file; a read, write or remove answering {@code
 * NOENT} did not). Since linearizability is local (a history is linearizable if and only if its
 * restriction to each object is), the checker works file by file: each file is a register whose
 * states are "absent" or a content, where each write's value is unique (so a read names the write
 * it saw), and a create makes an empty file.
 *
 * <h2>The algorithm: interval reasoning, no search over orders</h2>
 *
 * Every call with a definite outcome <em>observes</em> the file's state at its point: a read sees a
 * value, the empty content or absence; a successful write sees a present file and leaves its value;
 * a successful exclusive create sees absence and leaves an empty file; a successful remove sees a
 * present file and leaves absence; an {@code EXIST} sees presence; a {@code NOENT} sees absence; a
 * listing sees, for every name the history mentions, presence if it lists the name and absence if
 * not. Each observation is a <em>requirement</em>: some call (its <em>source</em>) must have made
 * that state, and no call must provably have replaced it before the observing call's point. The
 * possible sources are: for a value, the write of that value; for the empty content, any create;
 * for presence, any create; for absence, any remove, or the initial empty directory. A source is
 * possible only if it was invoked before the observer completed and did not answer an error.
 *
 * <p>The rule that refutes a source {@code s} for an observer {@code r} is the real-time order of
 * linearizability: if a call {@code x} with a definite outcome started after {@code s} completed
 * and completed before {@code r} started, then {@code x}'s point lies between theirs; if {@code x}
 * observed (before or after its own effect) a state other than {@code s}'s, then {@code s}'s state
 * was replaced before {@code r}'s point, and since states never come back (write values are unique;
 * and a presence or absence made by another call is another source), {@code r} cannot have seen it
 * through {@code s}. A source of unknown outcome may take effect at any time after its invocation,
 * so nothing refutes it. A requirement fails when every possible source is refuted (or none
 * exists); the failed requirement is reported as a {@link Violation}, classified by the observer
 * and the refuting witness:
 *
 * <ul>
 *   <li>a listing's presence or absence requirement: {@link Violation.Kind#LISTING_EXTRA_NAME},
 *       {@link Violation.Kind#LISTING_MISSING_NAME};
 *   <li>an exclusive create answering {@code EXIST}, a remove answering {@code NOENT}: {@link
 *       Violation.Kind#DUPLICATE_EXECUTION} (the call saw its own effect, or no effect explains it;
 *       a call of unknown fate, such as an earlier try of the same create, explains it);
 *   <li>no possible source at all: {@link Violation.Kind#UNWRITTEN_VALUE};
 *   <li>a witness that is an acknowledged write, create or remove: {@link
 *       Violation.Kind#LOST_WRITE}; otherwise (the witness only read): {@link
 *       Violation.Kind#STALE_READ}.
 * </ul>
 *
 * <p>Refutation is monotone: the later a source completes, the fewer witnesses fit between it and
 * the observer. So per requirement only the possible source that completes last (sources sorted by
 * invocation, with a prefix maximum of completion times) needs testing, and the test is one lookup
 * in the observations sorted by invocation time, with a suffix minimum of completion times (for
 * values, the two smallest of distinct values, so that observations of the same value are skipped).
 * A history of {@code n} calls, {@code l} of them listings of a directory whose history mentions
 * {@code m} names, is checked in {@code O((n + l m) log n)} time and {@code O(n + l m)} memory.
 *
 * <h2>Guarantees and limits</h2>
 *
 * <ul>
 *   <li>Sound: every requirement is a necessary condition of linearizability, so a linearizable
 *       history (in particular one produced by a correct service with the calls recorded inside
 *       their intervals) is never rejected. Equal times count as concurrent.
 *   <li>Incomplete: each requirement is tested on its own, against single witnesses. A history that
 *       is not linearizable only because of a chain of several overlapping calls (for example two
 *       readers that each saw two concurrent writes in a different order, with every call
 *       overlapping) can pass. Presence and content are checked as two registers; a listing is
 *       checked name by name, not as one atomic snapshot of the directory; and nothing is checked
 *       across files.
 *   <li>Duplicate execution of a write of a unique value shows as a lost write or a stale read if
 *       another write came between; a duplicate that changes nothing is undetectable (and
 *       harmless).
 *   <li>Errors other than {@code NOENT}, {@code STALE} and {@code EXIST} are taken as "did not take
 *       effect and saw nothing". A caller must record an answer that does not say whether the call
 *       ran (time-out, {@code JUKEBOX}, a lost connection) as {@link Outcome#unknown()}.
 * </ul>
 *
 * <p>The checker is a pure function of the history: it reads no clock and keeps no state.
 */
public final class HistoryChecker {

  private HistoryChecker() {}

  /** Checks the calls recorded so far in {@code history}; see {@link #check(List)}. */
  public static CheckReport check(History history) {
    return check(history.entries());
  }

  /**
   * Checks {@code entries} (their order does not matter) as described in the class comment.
   *
   * @return every violation found; empty if none
   * @throws IllegalArgumentException if two writes carry the same value
   */
  public static CheckReport check(List<HistoryEntry> entries) {
    Map<String, HistoryEntry> writers = new HashMap<>();
    TreeSet<String> names = new TreeSet<>();
    for (HistoryEntry e : entries) {
      Operation op = e.operation();
      if (op.kind() == Operation.Kind.WRITE) {
        HistoryEntry previous = writers.putIfAbsent(op.value(), e);
        if (previous != null) {
          throw new IllegalArgumentException(
              "write values must be unique: " + previous + " and " + e);
        }
      }
      if (op.name() != null) {
        names.add(op.name());
      } else if (e.outcome().names() != null) {
        names.addAll(e.outcome().names());
      }
    }
    Map<String, FileHistory> files = new TreeMap<>();
    for (String name : names) {
      files.put(name, new FileHistory(name));
    }
    for (HistoryEntry e : entries) {
      if (e.operation().kind() == Operation.Kind.LIST) {
        if (e.outcome().status() == Outcome.Status.OK) {
          for (FileHistory file : files.values()) {
            file.listed(e, e.outcome().names().contains(file.name));
          }
        }
      } else {
        files.get(e.operation().name()).add(e);
      }
    }
    List<Violation> violations = new ArrayList<>();
    for (FileHistory file : files.values()) {
      file.check(violations);
    }
    violations.sort(
        Comparator.comparingInt((Violation v) -> v.entry().index()).thenComparing(Violation::name));
    return new CheckReport(entries.size(), violations);
  }

  /** What state an observation saw, or a requirement needs. */
  private enum State {
    ABSENT,
    PRESENT,
    EMPTY,
    VALUE
  }

  /** A state some call must have made, for {@code entry} to have seen it. */
  private record Requirement(
      HistoryEntry entry, State state, String value, Violation.Kind kind, String what) {}

  /** The calls on one name, as sources and observations. */
  private static final class FileHistory {
    final String name;
    final Sources creates = new Sources();
    final Sources removes = new Sources();
    final Map<String, HistoryEntry> writes = new HashMap<>();

    /** [state][0: from reads, errors, listings; 1: from acknowledged mutations]. */
    final Observations[][] observations = new Observations[State.values().length][2];

    final List<Requirement> requirements = new ArrayList<>();

    FileHistory(String name) {
      this.name = name;
      for (Observations[] row : observations) {
        row[0] = new Observations();
        row[1] = new Observations();
      }
      removes.add(Long.MIN_VALUE, Long.MIN_VALUE, null); // the initial directory has no file
    }

    void listed(HistoryEntry e, boolean present) {
      observe(e, present ? State.PRESENT : State.ABSENT, null, false);
      require(
          e,
          present ? State.PRESENT : State.ABSENT,
          null,
          present ? Violation.Kind.LISTING_EXTRA_NAME : Violation.Kind.LISTING_MISSING_NAME,
          present ? "the listing held " + name : "the listing lacked " + name);
    }

    void add(HistoryEntry e) {
      Operation op = e.operation();
      Outcome out = e.outcome();
      boolean ok = out.status() == Outcome.Status.OK;
      boolean unknown = out.status() == Outcome.Status.UNKNOWN;
      boolean absent = out.isAbsent();
      switch (op.kind()) {
        case CREATE -> {
          if (ok || unknown) {
            creates.add(e.invoked(), unknown ? Long.MAX_VALUE : e.completed(), e);
          }
          if (ok && op.exclusive()) {
            observe(e, State.ABSENT, null, true);
            observe(e, State.EMPTY, null, true);
            require(e, State.ABSENT, null, null, "the exclusive create succeeded");
          } else if (ok) {
            observe(e, State.PRESENT, null, true);
          } else if (out.error() == Outcome.Error.EXIST) {
            observe(e, State.PRESENT, null, false);
            require(
                e,
                State.PRESENT,
                null,
                Violation.Kind.DUPLICATE_EXECUTION,
                "the create answered EXIST, but no other create could have made " + name);
          }
        }
        case WRITE -> {
          if (ok || unknown) {
            writes.put(op.value(), e);
          }
          if (ok) {
            observe(e, State.PRESENT, null, true);
            observe(e, State.VALUE, op.value(), true);
            require(e, State.PRESENT, null, null, "the write succeeded");
          } else if (absent) {
            observe(e, State.ABSENT, null, false);
            require(e, State.ABSENT, null, null, "the write found no file");
          }
        }
        case READ -> {
          if (ok && out.value().isEmpty()) {
            observe(e, State.EMPTY, null, false);
            require(e, State.EMPTY, null, null, "the read returned the empty content");
          } else if (ok) {
            observe(e, State.VALUE, out.value(), false);
            require(e, State.VALUE, out.value(), null, "the read returned \"" + out.value() + "\"");
          } else if (absent) {
            observe(e, State.ABSENT, null, false);
            require(e, State.ABSENT, null, null, "the read found no file");
          }
        }
        case REMOVE -> {
          if (ok || unknown) {
            removes.add(e.invoked(), unknown ? Long.MAX_VALUE : e.completed(), e);
          }
          if (ok) {
            observe(e, State.PRESENT, null, true);
            observe(e, State.ABSENT, null, true);
            require(e, State.PRESENT, null, null, "the remove succeeded");
          } else if (absent) {
            observe(e, State.ABSENT, null, false);
            require(
                e,
                State.ABSENT,
                null,
                Violation.Kind.DUPLICATE_EXECUTION,
                "the remove answered NOENT, but no other remove could have removed " + name);
          }
        }
        case LIST -> throw new IllegalStateException("listings are not per file");
      }
    }

    private void observe(HistoryEntry e, State state, String value, boolean mutation) {
      observations[state.ordinal()][mutation ? 1 : 0].add(e, value);
    }

    private void require(
        HistoryEntry e, State state, String value, Violation.Kind kind, String what) {
      requirements.add(new Requirement(e, state, value, kind, what));
    }

    void check(List<Violation> out) {
      creates.build();
      removes.build();
      for (Observations[] row : observations) {
        row[0].build();
        row[1].build();
      }
      for (Requirement r : requirements) {
        Violation v = check(r);
        if (v != null) {
          out.add(v);
        }
      }
    }

    /** The violation {@code r} shows, or {@code null}. */
    private Violation check(Requirement r) {
      long completed = r.entry().completed();
      long sourceInvoked;
      long sourceCompleted;
      HistoryEntry source;
      State[] refuters;
      switch (r.state()) {
        case ABSENT, PRESENT, EMPTY -> {
          Sources sources = r.state() == State.ABSENT ? removes : creates;
          int best = sources.best(completed);
          if (best < 0) {
            return violation(r, Violation.Kind.UNWRITTEN_VALUE, null, null);
          }
          sourceInvoked = sources.invoked[best];
          sourceCompleted = sources.completed[best];
          source = sources.entries[best];
          refuters =
              switch (r.state()) {
                case ABSENT -> new State[] {State.PRESENT, State.EMPTY, State.VALUE};
                case PRESENT -> new State[] {State.ABSENT};
                default -> new State[] {State.ABSENT, State.VALUE};
              };
        }
        default -> {
          source = writes.get(r.value());
          if (source == null || source.invoked() > completed) {
            return violation(r, Violation.Kind.UNWRITTEN_VALUE, null, null);
          }
          sourceInvoked = source.invoked();
          sourceCompleted =
              source.outcome().status() == Outcome.Status.UNKNOWN
                  ? Long.MAX_VALUE
                  : source.completed();
          refuters = new State[] {State.ABSENT, State.EMPTY, State.VALUE};
        }
      }
      if (sourceCompleted == Long.MAX_VALUE || sourceInvoked > completed) {
        return null; // unknown fate: may take effect at any time after its invocation
      }
      long deadline = r.entry().invoked();
      for (int mutation = 1; mutation >= 0; mutation--) {
        for (State s : refuters) {
          HistoryEntry witness =
              observations[s.ordinal()][mutation].refuter(sourceCompleted, deadline, r.value());
          if (witness != null) {
            return violation(
                r,
                mutation == 1 ? Violation.Kind.LOST_WRITE : Violation.Kind.STALE_READ,
                source,
                witness);
          }
        }
      }
      return null;
    }

    private Violation violation(
        Requirement r, Violation.Kind found, HistoryEntry source, HistoryEntry witness) {
      Violation.Kind kind = r.kind() != null ? r.kind() : found;
      String why =
          switch (found) {
            case UNWRITTEN_VALUE ->
                "no call invoked before it completed could have made that state";
            case LOST_WRITE ->
                "an acknowledged mutation that completed before the call began had replaced"
                    + " every possible source";
            default ->
                "another call had seen a newer state before the call began, replacing every"
                    + " possible source";
          };
      return new Violation(kind, r.entry(), name, source, witness, r.what() + ": " + why);
    }
  }

  /** A call that may have made a state; completed "never" if its fate is unknown. */
  private record Source(long invoked, long completed, HistoryEntry entry) {}

  /**
   * Calls that may have made a state, sorted by invocation, with the index of the latest-completing
   * one among each prefix.
   */
  private static final class Sources {
    private final List<Source> added = new ArrayList<>();
    long[] invoked;
    long[] completed;
    HistoryEntry[] entries;
    private int[] latest;

    void add(long invoked, long completed, HistoryEntry e) {
      added.add(new Source(invoked, completed, e));
    }

    void build() {
      added.sort(Comparator.comparingLong(Source::invoked));
      int n = added.size();
      invoked = new long[n];
      completed = new long[n];
      entries = new HistoryEntry[n];
      latest = new int[n];
      for (int i = 0; i < n; i++) {
        invoked[i] = added.get(i).invoked();
        completed[i] = added.get(i).completed();
        entries[i] = added.get(i).entry();
        latest[i] = i > 0 && completed[latest[i - 1]] >= completed[i] ? latest[i - 1] : i;
      }
    }

    /** The index of the latest-completing source invoked at or before {@code time}, or -1. */
    int best(long time) {
      int count = upperBound(invoked, time);
      return count == 0 ? -1 : latest[count - 1];
    }
  }

  /**
   * Observations of one state, sorted by invocation, with, for every suffix, the one that completed
   * first and the one that completed first among those of another value.
   */
  private static final class Observations {
    private final List<HistoryEntry> added = new ArrayList<>();
    private final List<String> addedValues = new ArrayList<>();
    private long[] invoked;
    private long[] completed;
    private HistoryEntry[] entries;
    private String[] values;
    private int[] first;
    private int[] firstOther;

    void add(HistoryEntry e, String value) {
      added.add(e);
      addedValues.add(value);
    }

    void build() {
      int n = added.size();
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingLong(i -> added.get(i).invoked()));
      invoked = new long[n];
      completed = new long[n];
      entries = new HistoryEntry[n];
      values = new String[n];
      for (int i = 0; i < n; i++) {
        entries[i] = added.get(order[i]);
        values[i] = addedValues.get(order[i]);
        invoked[i] = entries[i].invoked();
        completed[i] = entries[i].completed();
      }
      first = new int[n + 1];
      firstOther = new int[n + 1];
      first[n] = -1;
      firstOther[n] = -1;
      for (int i = n - 1; i >= 0; i--) {
        int a = first[i + 1];
        int b = firstOther[i + 1];
        if (a < 0 || completed[i] < completed[a]) {
          first[i] = i;
          firstOther[i] = a >= 0 && !Objects.equals(values[a], values[i]) ? a : b;
        } else {
          first[i] = a;
          boolean other = !Objects.equals(values[i], values[a]);
          firstOther[i] = other && (b < 0 || completed[i] < completed[b]) ? i : b;
        }
      }
    }

    /**
     * An observation invoked after {@code after}, completed before {@code before}, of another value
     * than {@code value} (when not {@code null}); {@code null} if there is none.
     */
    HistoryEntry refuter(long after, long before, String value) {
      int from = upperBound(invoked, after);
      int pick = first[from];
      if (pick >= 0 && value != null && value.equals(values[pick])) {
        pick = firstOther[from];
      }
      return pick >= 0 && completed[pick] < before ? entries[pick] : null;
    }
  }

  /** How many elements of sorted {@code a} are at most {@code key}. */
  private static int upperBound(long[] a, long key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
