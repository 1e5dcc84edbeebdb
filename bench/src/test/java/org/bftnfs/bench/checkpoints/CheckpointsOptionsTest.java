package org.bftnfs.bench.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bftnfs.bench.BenchUsageException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CheckpointsOptionsTest {

  /** Parses {@code args} as picocli does for {@code bftnfs bench checkpoints}, then checks them. */
  static CheckpointsOptions parse(String... args) throws BenchUsageException {
    CheckpointsCommand command = new CheckpointsCommand(System.out, System.err);
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Test
  void defaultsAreTheIssuesThreeSizes() throws BenchUsageException {
    CheckpointsOptions o = parse();
    assertThat(o.files()).containsExactly(1000, 10000, 100000);
    assertThat(o.load()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.clients()).isEqualTo(12);
    assertThat(o.fileKib()).isEqualTo(1024);
    assertThat(o.createBudget()).isEmpty();
    assertThat(o.checkpointPeriod()).isEqualTo(128);
    assertThat(o.out()).isEqualTo(Path.of("bench-results"));
    assertThat(o.work()).isEmpty();
    assertThat(o.args()).isEmpty();
  }

  @Test
  void parsesEveryOption() throws BenchUsageException {
    CheckpointsOptions o =
        parse(
            "--files",
            "100, 300",
            "--seconds",
            "2.5",
            "--file-kib",
            "16",
            "--clients",
            "16",
            "--create-budget-minutes",
            "12.5",
            "--checkpoint-period",
            "20",
            "--out",
            "/tmp/o",
            "--work",
            "/tmp/w");
    assertThat(o.files()).containsExactly(100, 300);
    assertThat(o.load()).isEqualTo(Duration.ofMillis(2500));
    assertThat(o.clients()).isEqualTo(16);
    assertThat(o.fileKib()).isEqualTo(16);
    assertThat(o.createBudget()).contains(Duration.ofSeconds(750));
    assertThat(o.checkpointPeriod()).isEqualTo(20);
    assertThat(o.out()).isEqualTo(Path.of("/tmp/o"));
    assertThat(o.work()).contains(Path.of("/tmp/w"));
  }

  @Test
  void keepsTheArgumentsAfterTheSubcommandForTheReport() throws BenchUsageException {
    CheckpointsCommand command = new CheckpointsCommand(System.out, System.err);
    CommandLine bench = new CommandLine(new Root());
    bench.addSubcommand("checkpoints", command);
    bench.parseArgs("checkpoints", "--files", "10,20");
    assertThat(command.options().args()).isEqualTo(List.of("--files", "10,20"));
  }

  @Test
  void refusesBadValuesNamingTheOption() {
    assertThatThrownBy(() -> parse("--files", "1000,100"))
        .isInstanceOf(BenchUsageException.class)
        .hasMessageContaining("--files must increase");
    assertThatThrownBy(() -> parse("--files", "1000,1000")).hasMessageContaining("must increase");
    assertThatThrownBy(() -> parse("--files", "0")).hasMessageContaining("--files must be between");
    assertThatThrownBy(() -> parse("--files", "10,x")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse("--files", "")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse("--seconds", "0")).hasMessageContaining("--seconds");
    assertThatThrownBy(() -> parse("--seconds", "NaN")).hasMessageContaining("--seconds");
    assertThatThrownBy(() -> parse("--clients", "65")).hasMessageContaining("--clients");
    assertThatThrownBy(() -> parse("--file-kib", "6")).hasMessageContaining("multiple of 4");
    assertThatThrownBy(() -> parse("--file-kib", "0")).hasMessageContaining("--file-kib");
    assertThatThrownBy(() -> parse("--create-budget-minutes", "0"))
        .hasMessageContaining("--create-budget-minutes must be above 0");
    assertThatThrownBy(() -> parse("--checkpoint-period", "5"))
        .hasMessageContaining("--checkpoint-period");
  }

  /** A parent command, as {@code bench} is. */
  @CommandLine.Command(name = "bench")
  static final class Root {}
}
