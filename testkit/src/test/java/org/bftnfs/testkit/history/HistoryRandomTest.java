package org.bftnfs.testkit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.bftnfs.testkit.history.Outcome.Error;
import org.bftnfs.testkit.history.Violation.Kind;
import org.junit.jupiter.api.Test;

/**
 * Histories of a correct, linearizable in-memory directory driven by random concurrent clients on
 * simulated timelines (no threads): each call gets an interval and a point inside it (a call of
 * unknown fate: a point anywhere after its invocation, or none), the calls are applied one at a
 * time in the order of their points, and each records what the store answered. The checker must
 * accept every such history, and reject it once one result is changed into one no correct store
 * could give.
 */
class HistoryRandomTest {

  private static final String[] NAMES = {"a", "b", "c"};

  /** One simulated call: its interval, its point ({@code -1}: never took effect), its answer. */
  private static final class Call {
    final int client;
    final Operation op;
    final long invoked;
    final long completed;
    final long point;
    final boolean unknown;
    Outcome outcome;

    Call(int client, Operation op, long invoked, long completed, long point, boolean unknown) {
      this.client = client;
      this.op = op;
      this.invoked = invoked;
      this.completed = completed;
      this.point = point;
      this.unknown = unknown;
    }
  }

  /** Generates the calls of {@code clients} clients making {@code perClient} calls each. */
  private static List<Call> simulate(long seed, int clients, int perClient) {
    Random random = new Random(seed);
    List<Call> calls = new ArrayList<>();
    for (int client = 1; client <= clients; client++) {
      long time = random.nextInt(20);
      for (int seq = 1; seq <= perClient; seq++) {
        long invoked = time + 1 + random.nextInt(10);
        long completed = invoked + 2 + random.nextInt(30);
        boolean unknown = random.nextInt(10) == 0;
        long point;
        if (!unknown) {
          point = invoked + 1 + random.nextInt((int) (completed - invoked - 1));
        } else if (random.nextBoolean()) {
          point = -1; // lost: never takes effect
        } else {
          point = invoked + 1 + random.nextInt(200); // possibly long after the client gave up
        }
        calls.add(
            new Call(
                client, randomOperation(random, client, seq), invoked, completed, point, unknown));
        time = completed;
      }
    }
    // the store: applied in the order of the points, each call atomically
    Map<String, String> files = new HashMap<>();
    calls.stream()
        .filter(c -> c.point >= 0)
        .sorted(Comparator.comparingLong(c -> c.point))
        .forEach(c -> c.outcome = apply(files, c.op));
    for (Call c : calls) {
      if (c.unknown) {
        c.outcome = Outcome.unknown();
      }
    }
    return calls;
  }

  private static Operation randomOperation(Random random, int client, int seq) {
    String name = NAMES[random.nextInt(NAMES.length)];
    return switch (random.nextInt(8)) {
      case 0 -> Operation.create(name, true);
      case 1 -> Operation.create(name, false);
      case 2, 3 -> Operation.write(name, "c" + client + "-" + seq);
      case 4, 5 -> Operation.read(name);
      case 6 -> Operation.remove(name);
      default -> Operation.list();
    };
  }

  private static Outcome apply(Map<String, String> files, Operation op) {
    String name = op.name();
    return switch (op.kind()) {
      case CREATE -> {
        if (files.containsKey(name)) {
          yield op.exclusive() ? Outcome.error(Error.EXIST) : Outcome.ok();
        }
        files.put(name, "");
        yield Outcome.ok();
      }
      case WRITE -> {
        if (!files.containsKey(name)) {
          yield Outcome.absent();
        }
        files.put(name, op.value());
        yield Outcome.ok();
      }
      case READ -> files.containsKey(name) ? Outcome.okValue(files.get(name)) : Outcome.absent();
      case REMOVE -> files.remove(name) != null ? Outcome.ok() : Outcome.absent();
      case LIST -> Outcome.okNames(new TreeSet<>(files.keySet()));
    };
  }

  private static History record(List<Call> calls) {
    History history = new History();
    for (Call c : calls) {
      history.record(c.client, c.op, c.invoked, c.outcome, c.completed);
    }
    return history;
  }

  private static boolean ok(Call c) {
    return c.outcome.status() == Outcome.Status.OK;
  }

  /** Whether {@code a} completed before {@code b} was invoked. */
  private static boolean before(Call a, Call b) {
    return a.completed < b.invoked;
  }

  @Test
  void everyHistoryOfALinearizableStoreIsAccepted() {
    int checked = 0;
    for (long seed = 0; seed < 300; seed++) {
      List<Call> calls = simulate(seed, 2 + (int) (seed % 5), 60);
      CheckReport report = HistoryChecker.check(record(calls));
      assertThat(report.violations()).as("seed " + seed + ": " + report).isEmpty();
      checked += report.calls();
    }
    assertThat(checked).isGreaterThan(50_000);
  }

  @Test
  void aHundredThousandCallsAreCheckedAndAccepted() {
    History history = record(simulate(42, 8, 12_500));
    CheckReport report = HistoryChecker.check(history);
    assertThat(report.calls()).isEqualTo(100_000);
    assertThat(report.violations()).as(report.toString()).isEmpty();
  }

  @Test
  void aReadOfAValueNeverWrittenIsRejected() {
    int mutated = 0;
    for (long seed = 0; seed < 100; seed++) {
      List<Call> calls = simulate(seed, 4, 60);
      Call read = pick(calls, c -> c.op.kind() == Operation.Kind.READ && ok(c), seed);
      if (read != null) {
        read.outcome = Outcome.okValue("never-written");
        assertRejected(calls, read, Kind.UNWRITTEN_VALUE, seed);
        mutated++;
      }
    }
    assertThat(mutated).isGreaterThan(50);
  }

  @Test
  void aReadOfAValueOverwrittenBeforeItBeganIsRejected() {
    int mutated = 0;
    for (long seed = 0; seed < 100; seed++) {
      List<Call> calls = simulate(seed, 4, 60);
      // a read r, and acknowledged writes w before W before r on its file: r cannot see w's value
      Call mutatedRead = null;
      String old = null;
      for (Call r : calls) {
        if (mutatedRead != null || r.op.kind() != Operation.Kind.READ || !ok(r)) {
          continue;
        }
        for (Call later : calls) {
          if (old != null) {
            break;
          }
          if (!isAcknowledgedWrite(later, r.op.name()) || !before(later, r)) {
            continue;
          }
          for (Call w : calls) {
            if (isAcknowledgedWrite(w, r.op.name()) && before(w, later)) {
              old = w.op.value();
              mutatedRead = r;
              break;
            }
          }
        }
      }
      if (mutatedRead != null) {
        mutatedRead.outcome = Outcome.okValue(old);
        assertRejected(calls, mutatedRead, Kind.LOST_WRITE, seed);
        mutated++;
      }
    }
    assertThat(mutated).isGreaterThan(50);
  }

  @Test
  void aListingWithoutANameThatMustExistIsRejected() {
    int mutated = 0;
    for (long seed = 0; seed < 100; seed++) {
      List<Call> calls = simulate(seed, 4, 60);
      Call listing = null;
      String dropped = null;
      for (Call l : calls) {
        if (listing != null || l.op.kind() != Operation.Kind.LIST || !ok(l)) {
          continue;
        }
        for (String name : l.outcome.names()) {
          if (mustExist(calls, name, l)) {
            listing = l;
            dropped = name;
            break;
          }
        }
      }
      if (listing != null) {
        TreeSet<String> names = new TreeSet<>(listing.outcome.names());
        names.remove(dropped);
        listing.outcome = Outcome.okNames(names);
        assertRejected(calls, listing, Kind.LISTING_MISSING_NAME, seed);
        mutated++;
      }
    }
    assertThat(mutated).isGreaterThan(50);
  }

  @Test
  void anExclusiveCreateAnsweringExistWithNoOtherCreateIsRejected() {
    int mutated = 0;
    for (long seed = 0; seed < 200; seed++) {
      List<Call> calls = simulate(seed, 4, 60);
      Call create =
          pick(
              calls,
              c ->
                  c.op.kind() == Operation.Kind.CREATE
                      && c.op.exclusive()
                      && ok(c)
                      && calls.stream()
                          .noneMatch(
                              o ->
                                  o != c
                                      && o.op.kind() == Operation.Kind.CREATE
                                      && o.op.name().equals(c.op.name())
                                      && o.invoked <= c.completed),
              seed);
      if (create != null) {
        create.outcome = Outcome.error(Error.EXIST);
        assertRejected(calls, create, Kind.DUPLICATE_EXECUTION, seed);
        mutated++;
      }
    }
    assertThat(mutated).isGreaterThan(20);
  }

  private static boolean isAcknowledgedWrite(Call c, String name) {
    return c.op.kind() == Operation.Kind.WRITE && c.op.name().equals(name) && ok(c);
  }

  /**
   * Whether {@code name} existed during all of {@code listing}: an acknowledged create of it
   * completed before the listing began, and every remove of it invoked before the listing completed
   * that did not fail completed before that create began.
   */
  private static boolean mustExist(List<Call> calls, String name, Call listing) {
    for (Call c : calls) {
      if (c.op.kind() == Operation.Kind.CREATE
          && c.op.name().equals(name)
          && ok(c)
          && before(c, listing)
          && calls.stream()
              .filter(r -> r.op.kind() == Operation.Kind.REMOVE && name.equals(r.op.name()))
              .filter(r -> r.outcome.status() != Outcome.Status.ERROR)
              .filter(r -> r.invoked <= listing.completed)
              .allMatch(r -> !r.unknown && before(r, c))) {
        return true;
      }
    }
    return false;
  }

  /** A call matching {@code which}, chosen by {@code seed}; {@code null} if none. */
  private static Call pick(List<Call> calls, Predicate<Call> which, long seed) {
    List<Call> candidates = calls.stream().filter(which).toList();
    return candidates.isEmpty()
        ? null
        : candidates.get(new Random(seed).nextInt(candidates.size()));
  }

  private static void assertRejected(List<Call> calls, Call mutated, Kind kind, long seed) {
    int index = calls.indexOf(mutated);
    CheckReport report = HistoryChecker.check(record(calls));
    assertThat(report.violations())
        .as("seed " + seed + ", call #" + index + ": " + report)
        .anySatisfy(
            v -> {
              assertThat(v.kind()).isEqualTo(kind);
              assertThat(v.entry().index()).isEqualTo(index);
            });
  }
}
