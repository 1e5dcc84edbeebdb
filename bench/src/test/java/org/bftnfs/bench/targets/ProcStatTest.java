package org.bftnfs.bench.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void readsUserAndSystemTicksAfterACommandNameWithBlanksAndParentheses() {
    String stat =
        "4242 (ganesha (x) 1) S 1 4242 4242 0 -1 4194560 1234 0 0 0 1500 320 0 0 20 0 9 0 100 0 0";
    assertThat(ProcStat.parseTicks(stat)).isEqualTo(new ProcStat.Ticks(1500, 320));
    assertThat(ProcStat.parseTicks(stat).total()).isEqualTo(1820);
  }

  @Test
  void machineBusyTimeLeavesOutIdleAndIowait() {
    assertThat(ProcStat.parseBusy("cpu  100 2 30 5000 70 4 5 6 0 0"))
        .isEqualTo(100 + 2 + 30 + 4 + 5 + 6);
    assertThatThrownBy(() -> ProcStat.parseBusy("cpu0 1 2 3 4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thisProcessHasUsedSomeCpuAndAGoneOneNone() {
    assertThat(ProcStat.cpuTicks(ProcessHandle.current().pid())).isPresent();
    assertThat(ProcStat.cpuTicks(Long.MAX_VALUE)).isEmpty();
    assertThat(ProcStat.machineBusyTicks()).isPositive();
    assertThat(ProcStat.seconds(250)).isPositive();
  }
}
