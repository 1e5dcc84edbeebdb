package org.bftnfs.testkit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.bftnfs.testkit.history.Outcome.Error;
import org.bftnfs.testkit.history.Violation.Kind;
import org.junit.jupiter.api.Test;

/**
 * Hand-written histories: valid concurrent ones the checker must accept, and one or more for each
 * rule that the checker must reject (each rejection test fails if its rule is dropped).
 */
class HistoryCheckerTest {

  private final History h = new History();

  private static final Outcome OK = Outcome.ok();
  private static final Outcome UNKNOWN = Outcome.unknown();
  private static final Outcome ABSENT = Outcome.absent();

  private void call(int client, Operation op, long invoked, Outcome outcome, long completed) {
    h.record(client, op, invoked, outcome, completed);
  }

  private static Outcome read(String value) {
    return Outcome.okValue(value);
  }

  private CheckReport check() {
    return HistoryChecker.check(h);
  }

  private void assertValid() {
    CheckReport report = check();
    assertThat(report.violations()).as(report.toString()).isEmpty();
    report.assertValid();
  }

  /** Asserts the history is rejected, with a violation of {@code kind} about call {@code index}. */
  private void assertViolation(Kind kind, int index) {
    CheckReport report = check();
    assertThat(report.valid()).isFalse();
    assertThat(report.violations())
        .as(report.toString())
        .anySatisfy(
            v -> {
              assertThat(v.kind()).isEqualTo(kind);
              assertThat(v.entry().index()).isEqualTo(index);
            });
    assertThatThrownBy(report::assertValid)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(kind.name());
  }

  // ---------------------------------------------------------------- valid histories

  @Test
  void sequentialLifeOfAFileIsValid() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.read("f"), 2, read(""), 3);
    call(1, Operation.write("f", "c1-1"), 4, OK, 5);
    call(2, Operation.read("f"), 6, read("c1-1"), 7);
    call(2, Operation.list(), 8, Outcome.okNames(Set.of("f")), 9);
    call(2, Operation.remove("f"), 10, OK, 11);
    call(1, Operation.read("f"), 12, ABSENT, 13);
    call(1, Operation.write("f", "c1-2"), 14, Outcome.error(Error.STALE), 15);
    call(1, Operation.list(), 16, Outcome.okNames(Set.of()), 17);
    call(1, Operation.remove("f"), 18, ABSENT, 19);
    call(2, Operation.create("f", false), 20, OK, 21);
    call(2, Operation.create("f", true), 22, Outcome.error(Error.EXIST), 23);
    call(1, Operation.read("f"), 24, read(""), 25);
    assertValid();
    assertThat(check().calls()).isEqualTo(13);
  }

  @Test
  void overlappingWritesMayTakeEffectInEitherOrder() {
    for (String last : new String[] {"c1-1", "c2-1"}) {
      History history = new History();
      history.record(1, Operation.create("f", true), 0, OK, 1);
      history.record(1, Operation.write("f", "c1-1"), 2, OK, 10);
      history.record(2, Operation.write("f", "c2-1"), 3, OK, 9);
      // during the writes: the old content, or either value
      history.record(3, Operation.read("f"), 4, read(""), 5);
      history.record(4, Operation.read("f"), 5, read("c2-1"), 6);
      history.record(3, Operation.read("f"), 7, read("c1-1"), 8);
      // after both: whichever was ordered last, for every reader
      history.record(3, Operation.read("f"), 11, read(last), 12);
      history.record(4, Operation.read("f"), 13, read(last), 14);
      CheckReport report = HistoryChecker.check(history);
      assertThat(report.violations()).as(report.toString()).isEmpty();
    }
  }

  @Test
  void aReadOverlappingAWriteMaySeeTheOldOrTheNewValue() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, OK, 3);
    call(1, Operation.write("f", "c1-2"), 4, OK, 10);
    call(2, Operation.read("f"), 5, read("c1-2"), 6);
    call(3, Operation.read("f"), 5, read("c1-1"), 11);
    assertValid();
  }

  @Test
  void aWriteOfUnknownFateMayTakeEffectAfterItsClientGaveUp() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, UNKNOWN, 3);
    call(1, Operation.write("f", "c1-2"), 4, OK, 5);
    call(2, Operation.read("f"), 6, read("c1-1"), 7); // the first write landed late
    call(2, Operation.read("f"), 8, read("c1-1"), 9);
    assertValid();
  }

  @Test
  void aWriteOfUnknownFateMayNeverTakeEffect() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, OK, 3);
    call(1, Operation.write("f", "c1-2"), 4, UNKNOWN, Long.MAX_VALUE);
    call(2, Operation.read("f"), 6, read("c1-1"), 7);
    call(2, Operation.read("f"), 8, read("c1-1"), 9);
    assertValid();
  }

  @Test
  void aRemoveOfUnknownFateMayTakeEffectAfterItsClientGaveUp() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.remove("f"), 2, UNKNOWN, 3);
    call(2, Operation.read("f"), 4, read(""), 5);
    call(2, Operation.read("f"), 6, ABSENT, 7); // the remove landed late
    call(2, Operation.list(), 8, Outcome.okNames(Set.of()), 9);
    assertValid();
  }

  @Test
  void aCreateOfUnknownFateMayTakeEffectAfterItsClientGaveUp() {
    call(1, Operation.create("f", true), 0, UNKNOWN, 1);
    call(2, Operation.list(), 2, Outcome.okNames(Set.of()), 3);
    call(2, Operation.read("f"), 4, read(""), 5); // the create landed late
    assertValid();
  }

  @Test
  void aCallNeverCompletedCountsAsUnknown() {
    call(1, Operation.create("f", true), 0, OK, 1);
    h.invoke(1, Operation.write("f", "c1-1"), 2); // never completed
    call(2, Operation.read("f"), 6, read("c1-1"), 7);
    assertThat(h.entries().get(1).outcome()).isEqualTo(UNKNOWN);
    assertThat(h.entries().get(1).completed()).isEqualTo(Long.MAX_VALUE);
    assertValid();
  }

  @Test
  void aRetriedExclusiveCreateMayFindItsOwnEarlierTry() {
    call(1, Operation.create("f", true), 0, UNKNOWN, 5); // timed out, but ran
    call(1, Operation.create("f", true), 6, Outcome.error(Error.EXIST), 7);
    call(1, Operation.write("f", "c1-1"), 8, OK, 9);
    assertValid();
  }

  @Test
  void aRetriedRemoveMayFindItsOwnEarlierTry() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.remove("f"), 2, UNKNOWN, 5);
    call(1, Operation.remove("f"), 6, ABSENT, 7);
    call(2, Operation.list(), 8, Outcome.okNames(Set.of()), 9);
    assertValid();
  }

  @Test
  void aListingOverlappingACreateOrARemoveMayShowEitherState() {
    call(1, Operation.create("a", true), 0, OK, 1);
    call(1, Operation.create("b", true), 2, OK, 10);
    call(2, Operation.remove("a"), 2, OK, 10);
    call(3, Operation.list(), 3, Outcome.okNames(Set.of("a")), 4);
    call(4, Operation.list(), 5, Outcome.okNames(Set.of("a", "b")), 6);
    call(3, Operation.list(), 7, Outcome.okNames(Set.of("b")), 8);
    call(3, Operation.list(), 11, Outcome.okNames(Set.of("b")), 12);
    assertValid();
  }

  @Test
  void aNonExclusiveCreateKeepsAnExistingFile() {
    call(1, Operation.create("f", false), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, OK, 3);
    call(2, Operation.create("f", false), 4, OK, 5);
    call(2, Operation.read("f"), 6, read("c1-1"), 7);
    assertValid();
  }

  // ---------------------------------------------------------------- violations

  @Test
  void aNameComingBackWithoutACreateIsRejected() {
    call(1, Operation.create("a", true), 0, OK, 1);
    call(2, Operation.remove("a"), 2, OK, 10);
    call(3, Operation.list(), 3, Outcome.okNames(Set.of()), 4);
    call(3, Operation.list(), 5, Outcome.okNames(Set.of("a")), 6);
    assertViolation(Kind.LISTING_EXTRA_NAME, 3);
  }

  @Test
  void anAcknowledgedWriteLostIsALostWrite() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, OK, 3);
    call(2, Operation.write("f", "c2-1"), 4, OK, 5);
    call(3, Operation.read("f"), 6, read("c1-1"), 7);
    assertViolation(Kind.LOST_WRITE, 3);
    Violation v = check().violations().get(0);
    assertThat(v.source().index()).isEqualTo(1);
    assertThat(v.witness().index()).isEqualTo(2);
  }

  @Test
  void anAcknowledgedCreateLostIsALostWrite() {
    call(1, Operation.create("f", false), 0, OK, 1);
    call(2, Operation.read("f"), 2, ABSENT, 3);
    assertViolation(Kind.LOST_WRITE, 1);
  }

  @Test
  void anAcknowledgedRemoveLostIsALostWrite() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, OK, 3);
    call(1, Operation.remove("f"), 4, OK, 5);
    call(2, Operation.read("f"), 6, read("c1-1"), 7);
    assertViolation(Kind.LOST_WRITE, 3);
  }

  @Test
  void anExclusiveCreateSucceedingOnAnExistingFileIsRejected() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(2, Operation.create("f", true), 2, OK, 3);
    assertViolation(Kind.LOST_WRITE, 1);
  }

  @Test
  void aReadGoingBackInTimeIsAStaleRead() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, OK, 3);
    call(2, Operation.write("f", "c2-1"), 4, UNKNOWN, 20);
    call(3, Operation.read("f"), 5, read("c2-1"), 6);
    call(3, Operation.read("f"), 7, read("c1-1"), 8); // c2-1 was seen already
    assertViolation(Kind.STALE_READ, 4);
  }

  @Test
  void aValueSeenAfterALaterOneOfUnknownFateIsAStaleRead() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.write("f", "c1-1"), 2, UNKNOWN, 3);
    call(1, Operation.write("f", "c1-2"), 4, OK, 5);
    call(2, Operation.read("f"), 6, read("c1-1"), 7); // fine: the first write landed late
    call(2, Operation.read("f"), 8, read("c1-2"), 9); // but then c1-2 cannot come back
    assertViolation(Kind.STALE_READ, 4);
  }

  @Test
  void aReadOfAValueNobodyWroteIsAnUnwrittenValue() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(2, Operation.read("f"), 2, read("bogus"), 3);
    assertViolation(Kind.UNWRITTEN_VALUE, 1);
  }

  @Test
  void aReadOfAValueWrittenOnlyLaterIsAnUnwrittenValue() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(2, Operation.read("f"), 2, read("c1-1"), 3);
    call(1, Operation.write("f", "c1-1"), 4, OK, 5);
    assertViolation(Kind.UNWRITTEN_VALUE, 1);
  }

  @Test
  void aReadOfAValueWhoseWriteFailedIsAnUnwrittenValue() {
    call(1, Operation.write("f", "c1-1"), 0, ABSENT, 1);
    call(2, Operation.read("f"), 2, read("c1-1"), 3);
    assertViolation(Kind.UNWRITTEN_VALUE, 1);
  }

  @Test
  void aReadOfAValueWrittenToAnotherFileIsAnUnwrittenValue() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.create("g", true), 2, OK, 3);
    call(1, Operation.write("g", "c1-1"), 4, OK, 5);
    call(2, Operation.read("f"), 6, read("c1-1"), 7);
    assertViolation(Kind.UNWRITTEN_VALUE, 3);
  }

  @Test
  void anExclusiveCreateAnsweringExistForItsOwnFileIsADuplicateExecution() {
    call(1, Operation.create("f", true), 0, Outcome.error(Error.EXIST), 1);
    call(1, Operation.list(), 2, Outcome.okNames(Set.of("f")), 3);
    assertViolation(Kind.DUPLICATE_EXECUTION, 0);
  }

  @Test
  void aRemoveAnsweringNoentForAFileThatExistedIsADuplicateExecution() {
    call(1, Operation.create("f", true), 0, OK, 1);
    call(1, Operation.remove("f"), 2, ABSENT, 3);
    assertViolation(Kind.DUPLICATE_EXECUTION, 1);
  }

  @Test
  void aListingWithoutACreatedNameIsMissingIt() {
    call(1, Operation.create("a", true), 0, OK, 1);
    call(1, Operation.create("b", true), 0, OK, 1);
    call(2, Operation.list(), 2, Outcome.okNames(Set.of("b")), 3);
    assertViolation(Kind.LISTING_MISSING_NAME, 2);
    assertThat(check().violations()).singleElement().extracting(Violation::name).isEqualTo("a");
  }

  @Test
  void aListingWithARemovedNameHasAnExtraName() {
    call(1, Operation.create("a", true), 0, OK, 1);
    call(1, Operation.remove("a"), 2, OK, 3);
    call(2, Operation.list(), 4, Outcome.okNames(Set.of("a")), 5);
    assertViolation(Kind.LISTING_EXTRA_NAME, 2);
  }

  @Test
  void aListingWithANameNeverCreatedHasAnExtraName() {
    call(1, Operation.create("a", true), 0, OK, 1);
    call(2, Operation.list(), 2, Outcome.okNames(Set.of("a", "ghost")), 3);
    assertViolation(Kind.LISTING_EXTRA_NAME, 1);
    assertThat(check().violations()).singleElement().extracting(Violation::name).isEqualTo("ghost");
  }

  // ---------------------------------------------------------------- the recorder's contract

  @Test
  void writeValuesMustBeUnique() {
    call(1, Operation.write("f", "v"), 0, OK, 1);
    call(2, Operation.write("g", "v"), 0, OK, 1);
    assertThatThrownBy(this::check).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRecorderRefusesImpossibleTimesAndSecondCompletions() {
    int id = h.invoke(1, Operation.read("f"), 10);
    assertThatThrownBy(() -> h.complete(id, OK, 9)).isInstanceOf(IllegalArgumentException.class);
    h.complete(id, ABSENT, 11);
    assertThatThrownBy(() -> h.complete(id, OK, 12)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.complete(7, OK, 12)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Operation.write("f", "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(h.size()).isEqualTo(1);
  }
}
