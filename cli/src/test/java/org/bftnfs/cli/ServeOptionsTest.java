package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bftnfs.replication.config.ClusterConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class ServeOptionsTest {

  /**
   * {@code bftnfs serve args} as the command line parses it: picocli through the real tree (its
   * errors with the message {@link Main} prints), then the values checked.
   */
  static ServeOptions parse(List<String> args) throws UsageException {
    CommandLine tree =
        BftnfsCommand.tree(System.out, System.err, Clock.systemUTC(), ServeOptionsTest::neverRun);
    List<String> all = new ArrayList<>(List.of("serve"));
    all.addAll(args);
    try {
      tree.parseArgs(all.toArray(new String[0]));
    } catch (ParameterException e) {
      throw new UsageException(ParseErrors.message(e));
    }
    ServeArguments serve = tree.getSubcommands().get("serve").getCommand();
    return serve.options();
  }

  private static void neverRun() {
    throw new AssertionError("only parsed, never run");
  }

  @Test
  void defaults() throws UsageException {
    ServeOptions o = parse(List.of());
    assertThat(o)
        .isEqualTo(
            new ServeOptions(
                2049,
                Optional.empty(),
                "127.0.0.1",
                Optional.empty(),
                "/bftnfs",
                false,
                Optional.empty(),
                false,
                ClusterConfig.Backend.SPEC,
                false));
  }

  @Test
  void everyOptionInBothForms() throws UsageException {
    ServeOptions o =
        parse(
            List.of(
                "--port=0",
                "--mount-port",
                "2050",
                "--bind",
                "127.0.0.2",
                "--data=/tmp/x",
                "--export",
                "/e",
                "--root-squash",
                "--capacity",
                "100",
                "--rpcbind",
                "--backend=local",
                "--logical-clock"));
    assertThat(o)
        .isEqualTo(
            new ServeOptions(
                0,
                Optional.of(2050),
                "127.0.0.2",
                Optional.of(Path.of("/tmp/x")),
                "/e",
                true,
                Optional.of(100),
                true,
                ClusterConfig.Backend.LOCAL,
                true));
    assertThat(parse(List.of("--backend", "ganesha", "--data", "d")).backend())
        .isEqualTo(ClusterConfig.Backend.GANESHA);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThatThrownBy(() -> parse(List.of("--nope")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown option '--nope'");
    assertThatThrownBy(() -> parse(List.of("--port"))).hasMessage("--port needs a value");
    assertThatThrownBy(() -> parse(List.of("--port", "70000")))
        .hasMessageContaining("between 0 and 65535");
    assertThatThrownBy(() -> parse(List.of("--port", "x"))).hasMessageContaining("needs a number");
    assertThatThrownBy(() -> parse(List.of("--capacity", "0")))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> parse(List.of("--export", "rel")))
        .hasMessageContaining("absolute path");
    assertThatThrownBy(() -> parse(List.of("--root-squash=yes")))
        .hasMessageContaining("takes no value");
    assertThatThrownBy(() -> parse(List.of("--logical-clock=1")))
        .hasMessage("--logical-clock takes no value");
    assertThatThrownBy(() -> parse(List.of("--backend", "nfs")))
        .hasMessage("--backend must be one of spec, local, ganesha, got 'nfs'");
    assertThatThrownBy(() -> parse(List.of("--backend", "local")))
        .hasMessage("--backend local needs --data DIR (where the files are kept)");
    assertThatThrownBy(() -> parse(List.of("--backend=ganesha")))
        .hasMessage("--backend ganesha needs --data DIR (where the files are kept)");
  }
}
