package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where checkpoints fall in the order (paper §2.2): every period, or earlier by bytes logged. */
class CheckpointRuleTest {

  private final CheckpointRule rule = new CheckpointRule(128, 32L << 20);

  @Test
  void everyPeriodWhateverWasLogged() {
    assertThat(rule.checkpointAfter(128, 0)).isTrue();
    assertThat(rule.checkpointAfter(256, 5)).isTrue();
    assertThat(rule.checkpointAfter(127, (32L << 20) - 1)).isFalse();
    assertThat(rule.checkpointAfter(129, 100)).isFalse();
  }

  @Test
  void earlyWhenTheLogReachesItsBound() {
    assertThat(rule.checkpointAfter(7, 32L << 20)).isTrue();
    assertThat(rule.checkpointAfter(7, 1L << 40)).isTrue();
  }

  @Test
  void neverAfterInstanceZero() {
    assertThat(rule.checkpointAfter(0, 1L << 40)).isFalse();
  }

  @Test
  void boundsMustBePositive() {
    assertThatThrownBy(() -> new CheckpointRule(0, 1)).hasMessageContaining("period");
    assertThatThrownBy(() -> new CheckpointRule(1, 0)).hasMessageContaining("byte bound");
  }
}
