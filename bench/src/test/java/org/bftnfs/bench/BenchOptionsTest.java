package org.bftnfs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.bftnfs.bench.targets.TargetKind;
import org.bftnfs.bench.workload.MicroOp;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.UnmatchedArgumentException;

class BenchOptionsTest {

  /** Parses {@code args} as picocli does for {@code bftnfs bench}, then checks the values. */
  private static BenchOptions parse(List<String> args) throws BenchUsageException {
    BenchCommand command = new BenchCommand(System.out, System.err);
    new CommandLine(command).parseArgs(args.toArray(new String[0]));
    return command.options();
  }

  @Test
  void defaultsMeasureEverythingAndProfileTheReplicatedCluster() throws BenchUsageException {
    BenchOptions o = parse(List.of());
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
        parse(
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
    assertThat(o.args()).startsWith("--targets", "direct,relay-only", "--scale=2").hasSize(23);
  }

  @Test
  void noProfileWithoutTheReplicatedTargetUnlessAsked() throws BenchUsageException {
    assertThat(parse(List.of("--targets", "direct")).profile()).isEmpty();
    assertThat(parse(List.of("--profile", "none")).profile()).isEmpty();
  }

  @Test
  void rejectsBadCommandLines() {
    // what picocli rejects (unknown option, missing value) gets its one-line message in the cli
    // module (MainTest.benchParseErrors)
    assertThatThrownBy(() -> parse(List.of("--frob", "1")))
        .isInstanceOf(UnmatchedArgumentException.class);
    assertThatThrownBy(() -> parse(List.of("--targets", "nfs4")))
        .isInstanceOf(BenchUsageException.class)
        .hasMessageContaining("unknown target 'nfs4'");
    assertThatThrownBy(() -> parse(List.of("--targets", "direct,direct")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> parse(List.of("--scale", "0")))
        .hasMessageContaining("--scale must be between 1 and 1000");
    assertThatThrownBy(() -> parse(List.of("--reps", "x"))).hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse(List.of("--micro-seconds", "0")))
        .hasMessageContaining("--micro-seconds");
    assertThatThrownBy(() -> parse(List.of("--scale")))
        .isInstanceOf(MissingParameterException.class);
    assertThatThrownBy(() -> parse(List.of("--scale", "1", "--scale", "2")))
        .isInstanceOf(OverwrittenOptionException.class);
    assertThatThrownBy(() -> parse(List.of("--targets", "direct", "--profile", "hetero")))
        .hasMessageContaining("not one of --targets");
    assertThatThrownBy(() -> parse(List.of("--profile", "direct")))
        .hasMessageContaining("not a JVM");
    assertThatThrownBy(() -> parse(List.of("--skip", "andrew,,seq")))
        .hasMessageContaining("empty item");
  }
}
