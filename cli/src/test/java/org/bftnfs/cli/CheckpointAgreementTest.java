package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Comparing the replicas' checkpoint roots: agreement, the odd one out, a tie, nothing to compare.
 */
class CheckpointAgreementTest {

  private static final String A = "aaaaaaaa" + "0".repeat(56);
  private static final String B = "bbbbbbbb" + "0".repeat(56);

  private static SortedMap<Integer, SortedMap<Long, String>> roots(Object... replicaNumberRoot) {
    SortedMap<Integer, SortedMap<Long, String>> m = new TreeMap<>();
    for (int i = 0; i < replicaNumberRoot.length; i += 3) {
      m.computeIfAbsent((Integer) replicaNumberRoot[i], k -> new TreeMap<>())
          .put((Long) replicaNumberRoot[i + 1], (String) replicaNumberRoot[i + 2]);
    }
    return m;
  }

  @Test
  void agreeingRootsAtTheHighestSharedCheckpoint() {
    CheckpointAgreement.Verdict v =
        CheckpointAgreement.compare(
            roots(0, 100L, B, 0, 150L, A, 1, 150L, A, 2, 150L, A, 3, 100L, B, 3, 200L, A));
    assertThat(v.agree()).isTrue();
    assertThat(v.summary())
        .isEqualTo(
            "checkpoint roots agree: checkpoint 150 has root aaaaaaaa at replicas 0, 1, 2 (every"
                + " checkpoint kept by two or more replicas compared)");
  }

  @Test
  void theReplicaThatDiffersIsNamed() {
    CheckpointAgreement.Verdict v =
        CheckpointAgreement.compare(roots(0, 150L, A, 1, 150L, A, 2, 150L, B, 3, 150L, A));
    assertThat(v.agree()).isFalse();
    assertThat(v.disagreements())
        .containsExactly(
            "checkpoint 150: roots differ: replica 2 has bbbbbbbb where replicas 0, 1, 3 have"
                + " aaaaaaaa");
    assertThat(v.summary()).contains("DISAGREE");
  }

  /** Checkpoint -1 is the state each replica started from (its own disk): never compared. */
  @Test
  void theStateAReplicaStartedFromIsNotCompared() {
    CheckpointAgreement.Verdict v =
        CheckpointAgreement.compare(
            roots(0, -1L, A, 0, 150L, A, 1, -1L, B, 1, 150L, A, 2, -1L, A, 2, 150L, A));
    assertThat(v.agree()).isTrue();
    assertThat(v.summary()).startsWith("checkpoint roots agree: checkpoint 150 has root aaaaaaaa");
  }

  @Test
  void aTieNamesBothSides() {
    CheckpointAgreement.Verdict v =
        CheckpointAgreement.compare(roots(0, 7L, A, 1, 7L, B, 2, 7L, A, 3, 7L, B));
    assertThat(v.disagreements())
        .containsExactly(
            "checkpoint 7: roots differ: replicas 0, 2 have aaaaaaaa, replicas 1, 3 have"
                + " bbbbbbbb");
  }

  @Test
  void nothingToCompareIsSaid() {
    CheckpointAgreement.Verdict v = CheckpointAgreement.compare(roots(0, 7L, A, 1, 8L, A));
    assertThat(v.agree()).isTrue();
    assertThat(v.summary())
        .isEqualTo("checkpoint roots: no checkpoint kept by two replicas to compare");
  }

  @Test
  void spansAreShort() {
    assertThat(StatusCommand.span(-3)).isEqualTo("0 s");
    assertThat(StatusCommand.span(42.4)).isEqualTo("42 s");
    assertThat(StatusCommand.span(180)).isEqualTo("3 min");
    assertThat(StatusCommand.span(185)).isEqualTo("3 min 5 s");
    assertThat(StatusCommand.span(7800)).isEqualTo("2 h 10 min");
  }
}
