package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command tree as the user meets it: help, typo suggestions, completion, parse errors. */
@Timeout(60)
class CommandLineTest {

  private final LineQueue out = new LineQueue();
  private final LineQueue err = new LineQueue();
  private final Main main = new Main(out.printStream(), err.printStream(), Clock.systemUTC());

  private static void never() {
    throw new AssertionError("the command should not have run");
  }

  private int run(String... args) {
    return main.run(List.of(args), CommandLineTest::never);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "serve",
        "local-cluster",
        "replica",
        "relay",
        "keygen",
        "status",
        "bench",
        "completion"
      })
  void everyCommandHasItsOwnHelp(String command) {
    assertThat(run(command, "--help")).isZero();
    String help = out.drain();
    assertThat(help).startsWith("usage: bftnfs " + command).contains("-h, --help");
    assertThat(err.drain()).isEmpty();
    assertThat(run("help", command)).isZero();
    assertThat(out.drain()).isEqualTo(help);
  }

  @Test
  void helpNamesEveryOptionWithItsDefault() {
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.drain())
        .contains(
            "--backend=B",
            "--port=P",
            "--mount-port=M",
            "--bind=ADDR",
            "--data=DIR",
            "--export=PATH",
            "--root-squash",
            "--capacity=N",
            "--rpcbind",
            "--logical-clock",
            "2049");
    assertThat(run("local-cluster", "-h")).isZero();
    assertThat(out.drain()).contains("--ganesha=K", "BFTNFS_REPLICA_HEAP");
  }

  @Test
  void topLevelHelpListsTheCommands() {
    for (String help : List.of("help", "--help", "-h")) {
      assertThat(run(help)).isZero();
      assertThat(out.drain())
          .startsWith("usage: bftnfs")
          .contains("local-cluster", "serve", "replica", "relay", "keygen", "status", "bench")
          .contains("completion", "bftnfs COMMAND --help");
    }
  }

  @Test
  void aMistypedCommandOrOptionGetsASuggestion() {
    assertThat(run("serv")).isEqualTo(2);
    assertThat(run("serve", "--prot", "1")).isEqualTo(2);
    assertThat(run("local-cluster", "--dta=/tmp/x")).isEqualTo(2);
    assertThat(run("help", "sevre")).isEqualTo(2);
    assertThat(err.drain().lines())
        .containsExactly(
            "error: unknown command 'serv'; did you mean serve? (see 'bftnfs help')",
            "error: unknown option '--prot' for serve; did you mean --port? (see 'bftnfs serve"
                + " --help')",
            "error: unknown option '--dta=/tmp/x' for local-cluster; did you mean --data? (see"
                + " 'bftnfs local-cluster --help')",
            "error: unknown command 'sevre'; did you mean serve? (see 'bftnfs help')");
    assertThat(out.drain()).isEmpty();
  }

  @Test
  void benchParseErrors() {
    assertThat(run("bench", "--frob", "1")).isEqualTo(2);
    assertThat(run("bench", "--scale")).isEqualTo(2);
    assertThat(run("bench", "--seed", "1", "--seed=2")).isEqualTo(2);
    assertThat(run("bench", "extra")).isEqualTo(2);
    assertThat(run("bench", "recovery", "--size-mib", "x")).isEqualTo(2);
    assertThat(err.drain().lines())
        .containsExactly(
            "error: unknown option '--frob' for bench (see 'bftnfs bench --help')",
            "error: --scale needs a value (see 'bftnfs bench --help')",
            "error: --seed given twice (see 'bftnfs bench --help')",
            // bench has a subcommand (recovery), so a word after it names a command
            "error: unknown command 'extra' (see 'bftnfs bench --help')",
            "error: --size-mib must be a whole number, not 'x'");
  }

  @Test
  void clusterCommandsCheckTheirValues(@TempDir Path tmp) {
    String keys = tmp.resolve("keys").toString();
    assertThat(run("keygen")).isEqualTo(2);
    assertThat(run("keygen", "--dir", keys, "--replicas", "x")).isEqualTo(2);
    assertThat(run("keygen", "--dir=" + keys, "--relays=0")).isEqualTo(2);
    assertThat(run("relay", "--config")).isEqualTo(2);
    assertThat(run("replica", "--id", "0")).isEqualTo(2);
    assertThat(run("status", "--config", "c", "--config")).isEqualTo(2);
    assertThat(err.drain().lines())
        .containsExactly(
            "error: keygen needs --dir",
            "error: --replicas must be a whole number, not 'x'",
            "error: --relays must be between 1 and 100, not 0",
            "error: --config needs a value (see 'bftnfs relay --help')",
            "error: replica needs --config",
            "error: --config needs a value (see 'bftnfs status --help')");
    assertThat(tmp.resolve("keys")).doesNotExist();
  }

  @Test
  void aCommandGivenAnOptionTwiceKeepsTheLastValue(@TempDir Path tmp) {
    Path keys = tmp.resolve("keys");
    assertThat(run("keygen", "--dir", "elsewhere", "--dir", keys.toString())).isZero();
    assertThat(out.drain()).isEqualTo("keys for 4 replicas and 1 relays written to " + keys + "\n");
    assertThat(keys).isDirectory();
  }

  @Test
  void completionPrintsABashScriptForTheWholeTree() {
    assertThat(run("completion")).isZero();
    assertThat(out.drain())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F", "bftnfs", "local-cluster", "--logical-clock", "--micro-ops")
        .contains("(\"spec\" \"local\" \"ganesha\")");
    assertThat(err.drain()).isEmpty();
  }
}
