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
  void readsThePeakResidentSetFromTheVmHwmLine() {
    String status =
        "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 5120000 kB\n"
            + "VmSize:\t 5000000 kB\nVmHWM:\t  345678 kB\nVmRSS:\t  300000 kB\nThreads:\t42\n";
    assertThat(ProcStat.parsePeakRssKib(status)).contains(345_678L);
  }

  @Test
  void aStatusWithoutVmHwmHasNoPeakAndAMalformedLineIsAnError() {
    // kernel threads and zombies have no Vm* lines
    assertThat(ProcStat.parsePeakRssKib("Name:\tkthreadd\nState:\tS (sleeping)\n")).isEmpty();
    assertThatThrownBy(() -> ProcStat.parsePeakRssKib("VmHWM:\t 12 MB\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VmHWM");
  }

  @Test
  void thisProcessHasAPeakAtLeastItsHeapInUseAndAGoneOneNone() {
    long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertThat(ProcStat.peakRssKib(ProcessHandle.current().pid()))
        .hasValueSatisfying(kib -> assertThat(kib * 1024).isGreaterThan(used / 2));
    assertThat(ProcStat.peakRssKib(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void thisProcessHasUsedSomeCpuAndAGoneOneNone() {
    assertThat(ProcStat.cpuTicks(ProcessHandle.current().pid())).isPresent();
    assertThat(ProcStat.cpuTicks(Long.MAX_VALUE)).isEmpty();
    assertThat(ProcStat.machineBusyTicks()).isPositive();
    assertThat(ProcStat.seconds(250)).isPositive();
  }
}
