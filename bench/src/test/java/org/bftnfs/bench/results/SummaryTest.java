package org.bftnfs.bench.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bftnfs.bench.Part;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static Measurement m(String target, int rep, double seconds, double cpu) {
    return new Measurement(
        Part.ANDREW,
        "Copy",
        target,
        rep,
        seconds,
        100,
        1000,
        new CpuUsage(cpu, cpu / 4, Map.of("ganesha", cpu), 0.1, cpu + 0.5),
        Optional.empty());
  }

  @Test
  void mediansSpreadAndRatiosToTheBaseline() {
    List<SummaryRow> rows =
        Summary.of(
            List.of(
                m("direct", 1, 1.0, 0.1),
                m("replicated", 1, 3.0, 1.0),
                m("direct", 2, 2.0, 0.2),
                m("replicated", 2, 5.0, 2.0),
                m("direct", 3, 1.5, 0.3),
                m("replicated", 3, 4.0, 3.0)),
            "direct");
    assertThat(rows).extracting(SummaryRow::target).containsExactly("direct", "replicated");
    SummaryRow r = Summary.find(rows, Part.ANDREW, "Copy", "replicated");
    assertThat(r.reps()).isEqualTo(3);
    assertThat(r.medianSeconds()).isEqualTo(4.0);
    assertThat(r.minSeconds()).isEqualTo(3.0);
    assertThat(r.maxSeconds()).isEqualTo(5.0);
    assertThat(r.medianOpsPerSecond()).isEqualTo(25.0);
    // direct: median 100/1.5 ops/s; replicated 25 ops/s: 2.67 times the time per operation
    assertThat(r.ratio()).isCloseTo((100 / 1.5) / 25, within(1e-9));
    assertThat(r.cpuMsPerOp()).isCloseTo(20.0, within(1e-9));
    assertThat(r.cpuRatio()).isCloseTo(10.0, within(1e-9));
    assertThat(r.systemShare()).isCloseTo(0.25, within(1e-9));
    assertThat(r.cpuByRole().get("ganesha")).isCloseTo(2.0, within(1e-9));
    assertThat(Summary.find(rows, Part.ANDREW, "Copy", "direct").ratio()).isEqualTo(1.0);
  }

  @Test
  void noBaselineNoRatio() {
    List<SummaryRow> rows = Summary.of(List.of(m("replicated", 1, 3.0, 1.0)), "direct");
    assertThat(rows.get(0).ratio()).isNaN();
    assertThat(rows.get(0).cpuRatio()).isNaN();
  }

  @Test
  void aBaselineWithoutMeasurableCpuGivesNoCpuRatio() {
    List<SummaryRow> rows =
        Summary.of(List.of(m("direct", 1, 1.0, 0.0), m("replicated", 1, 3.0, 1.0)), "direct");
    assertThat(Summary.find(rows, Part.ANDREW, "Copy", "replicated").cpuRatio()).isNaN();
  }

  @Test
  void otherLoadIsMachineTimeBeyondTargetAndClient() {
    CpuUsage u = new CpuUsage(1.0, 0.2, Map.of(), 0.5, 2.0);
    assertThat(u.otherSeconds()).isCloseTo(0.5, within(1e-9));
    assertThat(new CpuUsage(1.0, 0.2, Map.of(), 0.5, 1.0).otherSeconds()).isZero();
    assertThat(u.plus(u).machineSeconds()).isEqualTo(4.0);
  }
}
