package org.bftnfs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.bftnfs.bench.targets.TargetKind;
import org.bftnfs.bench.workload.MicroOp;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void defaultsMeasureEverythingAndProfileTheReplicatedCluster() throws BenchUsageException {
    BenchOptions o = BenchOptions.parse(List.of());
    assertThat(o.targets()).containsExactly(TargetKind.values());
    assertThat(o.scale()).isEqualTo(5);
    assertThat(o.reps()).isEqualTo(3);
    assertThat(o.clients()).containsExactly(1, 4, 16);
    assertThat(o.maxClients()).isEqualTo(16);
    assertThat(o.microOps()).containsExactly(MicroOp.values());
    assertThat(o.seqMib()).isEqualTo(256);
    assertThat(o.profile()).contains(TargetKind.REPLICATED);
    assertThat(o.out()).isEqualTo(Path.of("bench-results"));
    assertThat(o.work()).isEmpty();
    assertThat(o.runs(Part.ANDREW)).isTrue();
  }

  @Test
  void parsesEveryOption() throws BenchUsageException {
    BenchOptions o =
        BenchOptions.parse(
            List.of(
                "--targets",
                "direct,relay-only",
                "--scale=2",
                "--reps",
                "1",
                "--micro-seconds",
                "0.25",
                "--clients",
                "1,2",
                "--micro-ops",
                "getattr,create+remove",
                "--seq-mib",
                "0",
                "--seed",
                "7",
                "--profile",
                "relay-only",
                "--skip",
                "micro,seq",
                "--out",
                "o",
                "--work",
                "w"));
    assertThat(o.targets()).containsExactly(TargetKind.DIRECT, TargetKind.RELAY_ONLY);
    assertThat(o.scale()).isEqualTo(2);
    assertThat(o.microDuration().toMillis()).isEqualTo(250);
    assertThat(o.microOps()).containsExactly(MicroOp.GETATTR, MicroOp.CREATE_REMOVE);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.profile()).contains(TargetKind.RELAY_ONLY);
    assertThat(o.runs(Part.MICRO)).isFalse();
    assertThat(o.runs(Part.SEQUENTIAL)).isFalse();
    assertThat(o.runs(Part.ANDREW)).isTrue();
    assertThat(o.work()).contains(Path.of("w"));
  }

  @Test
  void noProfileWithoutTheReplicatedTargetUnlessAsked() throws BenchUsageException {
    assertThat(BenchOptions.parse(List.of("--targets", "direct")).profile()).isEmpty();
    assertThat(BenchOptions.parse(List.of("--profile", "none")).profile()).isEmpty();
  }

  @Test
  void rejectsBadCommandLines() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--frob", "1")))
        .isInstanceOf(BenchUsageException.class)
        .hasMessageContaining("unknown option '--frob'");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--targets", "nfs4")))
        .hasMessageContaining("unknown target 'nfs4'");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--targets", "direct,direct")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--scale", "0")))
        .hasMessageContaining("--scale must be between 1 and 1000");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--reps", "x")))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--micro-seconds", "0")))
        .hasMessageContaining("--micro-seconds");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--scale")))
        .hasMessageContaining("--scale needs a value");
    assertThatThrownBy(
            () -> BenchOptions.parse(List.of("--targets", "direct", "--profile", "hetero")))
        .hasMessageContaining("not one of --targets");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--profile", "direct")))
        .hasMessageContaining("not a JVM");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--skip", "andrew,,seq")))
        .hasMessageContaining("empty item");
  }
}
