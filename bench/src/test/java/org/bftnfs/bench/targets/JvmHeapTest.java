package org.bftnfs.bench.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heap table of the JVMs started from Java, and the bench's target commands that use it. */
class JvmHeapTest {

  private static final JvmHeap DEFAULTS = JvmHeap.from(Map.<String, String>of()::get);

  @Test
  void theDefaultsFitFourReplicasAndARelayOnASmallHost() {
    assertThat(DEFAULTS.forSubcommand("replica")).isEqualTo("512m");
    assertThat(DEFAULTS.forSubcommand("relay")).isEqualTo("256m");
    assertThat(DEFAULTS.forSubcommand("local-cluster")).isEqualTo("256m");
    assertThat(DEFAULTS.forSubcommand("serve")).isEqualTo("512m");
    assertThat(DEFAULTS.forSubcommand("bench")).isEqualTo("1g");
    assertThat(DEFAULTS.forSubcommand("status")).isEqualTo("128m");
    assertThat(DEFAULTS.option("replica")).isEqualTo("-Xmx512m");
  }

  @Test
  void theRoleVariablesOverrideTheirRowOnly() {
    JvmHeap h = JvmHeap.from(Map.of("BFTNFS_REPLICA_HEAP", "1g", "BFTNFS_SERVE_HEAP", "")::get);
    assertThat(h.forSubcommand("replica")).isEqualTo("1g");
    assertThat(h.forSubcommand("serve")).as("empty means unset").isEqualTo("512m");
    assertThat(h.forSubcommand("relay")).isEqualTo("256m");
  }

  @Test
  void anOverrideThatIsNotASizeIsRejectedByName() {
    assertThatThrownBy(() -> JvmHeap.from(Map.of("BFTNFS_RELAY_HEAP", "-1")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BFTNFS_RELAY_HEAP=-1");
    assertThat(JvmHeap.valid("256M")).isTrue();
    assertThat(JvmHeap.valid("1073741824")).isTrue();
    assertThat(JvmHeap.valid("0m")).isFalse();
    assertThat(JvmHeap.valid("1.5g")).isFalse();
    assertThat(JvmHeap.valid("512mb")).isFalse();
  }

  @Test
  void theBenchStartsEachTargetWithItsSubcommandsHeap() {
    Launcher l = new Launcher("/jdk/bin/java", "cp.jar", Launcher.CLI_MAIN, DEFAULTS);
    assertThat(l.command("local-cluster", "--port", "0"))
        .containsExactly(
            "/jdk/bin/java",
            "-Xmx256m",
            "-cp",
            "cp.jar",
            Launcher.CLI_MAIN,
            "local-cluster",
            "--port",
            "0");
    assertThat(l.command("serve", "--backend", "ganesha")).element(1).isEqualTo("-Xmx512m");
  }
}
