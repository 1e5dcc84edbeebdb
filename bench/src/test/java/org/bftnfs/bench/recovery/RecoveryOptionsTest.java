package org.bftnfs.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.bftnfs.bench.BenchUsageException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RecoveryOptionsTest {

  /** Parses {@code args} as picocli does for {@code bftnfs bench recovery}, then checks them. */
  private static RecoveryOptions parse(String... args) throws BenchUsageException {
    RecoveryCommand command = new RecoveryCommand(System.out, System.err);
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Test
  void defaultsAreAQuickRunOf64MiB() throws BenchUsageException {
    RecoveryOptions o = parse();
    assertThat(o.sizeMib()).isEqualTo(64);
    assertThat(o.files()).isEqualTo(64);
    assertThat(o.fileBytes()).isEqualTo(1 << 20);
    assertThat(o.corrupt()).containsExactly(0.0, 1.0, 100.0);
    assertThat(o.changed()).isEqualTo(1.0);
    assertThat(o.load()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.replica()).isEqualTo(3);
    assertThat(o.checkpointPeriod()).isEqualTo(128);
    assertThat(o.recoveringHeap()).isEmpty();
    assertThat(o.out()).isEqualTo(Path.of("bench-results"));
    assertThat(o.work()).isEmpty();
    assertThat(o.args()).isEmpty();
  }

  @Test
  void parsesEveryOption() throws BenchUsageException {
    RecoveryOptions o =
        parse(
            "--size-mib",
            "1024",
            "--files=256",
            "--corrupt",
            "0, 0.5,100",
            "--changed",
            "2",
            "--load-seconds",
            "2.5",
            "--replica",
            "0",
            "--checkpoint-period",
            "100",
            "--recovering-heap",
            "8g",
            "--out",
            "r",
            "--work",
            "w");
    assertThat(o.fileBytes()).isEqualTo(4L << 20);
    assertThat(o.corrupt()).containsExactly(0.0, 0.5, 100.0);
    assertThat(o.changed()).isEqualTo(2.0);
    assertThat(o.load()).isEqualTo(Duration.ofMillis(2500));
    assertThat(o.replica()).isZero();
    assertThat(o.checkpointPeriod()).isEqualTo(100);
    assertThat(o.recoveringHeap()).contains("8g");
    assertThat(o.out()).isEqualTo(Path.of("r"));
    assertThat(o.work()).contains(Path.of("w"));
  }

  @Test
  void refusesBadValuesWithOneLine() {
    assertThatThrownBy(() -> parse("--size-mib", "x"))
        .isInstanceOf(BenchUsageException.class)
        .hasMessage("--size-mib must be a whole number, not 'x'");
    assertThatThrownBy(() -> parse("--size-mib", "10", "--files", "3"))
        .hasMessage("--size-mib 10 MiB does not divide into 3 files of equal size");
    assertThatThrownBy(() -> parse("--size-mib", "12288", "--files", "2"))
        .hasMessage("files of more than 4 GiB: give more --files");
    assertThatThrownBy(() -> parse("--size-mib", "16384"))
        .hasMessage("--size-mib must be between 1 and 16383, not 16384");
    assertThatThrownBy(() -> parse("--corrupt", "0,101"))
        .hasMessage("--corrupt takes percentages from 0 to 100, not 101");
    assertThatThrownBy(() -> parse("--corrupt", "0,,1"))
        .hasMessage("--corrupt must be a number, not ''");
    assertThatThrownBy(() -> parse("--corrupt", "NaN"))
        .hasMessage("--corrupt must be a number, not 'NaN'");
    assertThatThrownBy(() -> parse("--changed", "0")).hasMessage("--changed must be above 0");
    assertThatThrownBy(() -> parse("--load-seconds", "0"))
        .hasMessage("--load-seconds must be above 0 and at most 600");
    assertThatThrownBy(() -> parse("--replica", "4"))
        .hasMessage("--replica must be between 0 and 3, not 4");
    assertThatThrownBy(() -> parse("--recovering-heap", "8 GB"))
        .hasMessage(
            "--recovering-heap must be a size (digits with an optional k, m or g: 4g), not '8 GB'");
    assertThatThrownBy(() -> parse("--checkpoint-period", "5"))
        .hasMessage("--checkpoint-period must be between 10 and 100000, not 5");
  }

  @Test
  void keepsTheArgumentsAfterRecoveryForTheReport() throws BenchUsageException {
    CommandLine bench = new CommandLine(new org.bftnfs.bench.BenchCommand(System.out, System.err));
    RecoveryCommand recovery = new RecoveryCommand(System.out, System.err);
    bench.addSubcommand(recovery);
    bench.parseArgs("recovery", "--size-mib", "8", "--files", "8");
    assertThat(recovery.options().args()).containsExactly("--size-mib", "8", "--files", "8");
  }
}
