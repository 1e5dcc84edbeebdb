package org.bftnfs.replication.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster file: parsed with clear errors, written and read back unchanged. */
class ClusterConfigTest {

  static final String FOUR =
      """
      f = 1
      keys = keys
      replica.0.address = 127.0.0.1:11000
      replica.0.backend = local
      replica.0.data = data/r0
      replica.1.address = 127.0.0.1:11010
      replica.1.backend = ganesha
      replica.1.data = data/r1
      replica.2.address = 127.0.0.1:11020
      replica.2.backend = spec
      replica.2.data = data/r2
      replica.3.address = 127.0.0.1:11030
      replica.3.backend = local
      replica.3.data = /abs/r3
      spec.capacity = 1000
      """;

  @Test
  void parsesAndRoundTrips(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cluster.properties");
    Files.writeString(file, FOUR);
    ClusterConfig c = ClusterConfig.load(file);
    assertThat(c.n()).isEqualTo(4);
    assertThat(c.replicas().get(1).backend()).isEqualTo(ClusterConfig.Backend.GANESHA);
    assertThat(c.replicas().get(0).data()).isEqualTo(dir.resolve("data/r0"));
    assertThat(c.replicas().get(3).data()).isEqualTo(Path.of("/abs/r3"));
    assertThat(c.keys()).isEqualTo(dir.resolve("keys"));
    assertThat(c.spec().capacity()).isEqualTo(1000);
    assertThat(c.ordering().n()).isEqualTo(4);
    Path again = dir.resolve("again.properties");
    c.write(again);
    assertThat(ClusterConfig.load(again)).isEqualTo(c);
  }

  @Test
  void metricsPortDefaultsToPortPlusThreeAndCanBeSet(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cluster.properties");
    Files.writeString(file, FOUR + "replica.1.metricsPort = 9100\n");
    ClusterConfig c = ClusterConfig.load(file);
    assertThat(c.replicas().get(0).metricsPort()).isEqualTo(11003);
    assertThat(c.replicas().get(1).metricsPort()).isEqualTo(9100);
    assertThat(c.replicas().get(3).metricsPort()).isEqualTo(11033);
    Path again = dir.resolve("again.properties");
    c.write(again);
    assertThat(Files.readString(again)).contains("replica.1.metricsPort = 9100\n");
    assertThat(ClusterConfig.load(again)).isEqualTo(c);
  }

  @Test
  void badMetricsPortsAreRefusedByName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, FOUR + "replica.2.metricsPort = 11022\n");
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .isInstanceOf(ClusterConfig.Invalid.class)
        .hasMessageContaining("replica.2.metricsPort = 11022 is one of the replica's own ports");
    Files.writeString(file, FOUR + "replica.2.metricsPort = http\n");
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("replica.2.metricsPort has no valid port");
    Files.writeString(file, FOUR + "replica.0.metricsPort = 11011\n");
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining(
            "replica 0's metrics port 11011 is also used by replica 1 on 127.0.0.1 (set"
                + " replica.0.metricsPort)");
    Files.writeString(file, FOUR + "replica.0.metricsPort = 9000\nreplica.2.metricsPort = 9000\n");
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("replica 2's metrics port 9000 is also used by replica 0");
    Files.writeString(file, FOUR.replace("127.0.0.1:11020", "127.0.0.1:65533"));
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("replica.2.metricsPort is needed: the default port+3 is above 65535");
  }

  @Test
  void errorsNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, FOUR.replace("replica.3.address = 127.0.0.1:11030\n", ""));
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .isInstanceOf(ClusterConfig.Invalid.class)
        .hasMessageContaining("needs 4 replicas");
    Files.writeString(file, FOUR.replace("backend = spec", "backend = zfs"));
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("replica.2.backend must be spec, local or ganesha, not zfs");
    Files.writeString(file, FOUR.replace("127.0.0.1:11020", "127.0.0.1:99999"));
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("replica.2.address has no valid port");
    Files.writeString(file, FOUR.replace("f = 1", "f = one"));
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("f must be a whole number");
    assertThatThrownBy(() -> ClusterConfig.load(dir.resolve("missing")))
        .hasMessageContaining("cannot read");
    // found by ReplicationFuzzTest: a path with a NUL character was an InvalidPathException
    Files.writeString(file, FOUR.replace("keys = keys", "keys = k\\u0000eys"));
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .isInstanceOf(ClusterConfig.Invalid.class)
        .hasMessageContaining("keys is not a usable path (Nul character not allowed)");
  }

  @Test
  void recoveryIsOnByDefaultAndItsKeysAreCheckedAndRoundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, FOUR);
    RecoveryConfig defaults = ClusterConfig.load(file).recovery();
    assertThat(defaults).isEqualTo(RecoveryConfig.defaults(4));
    assertThat(defaults.proactive()).isTrue();

    Files.writeString(
        file,
        FOUR
            + "recovery.period = 60\nrecovery.stagger = 12\nrecovery.emptyExport = true\n"
            + "recovery.scrubPerSecond = 0\n");
    ClusterConfig c = ClusterConfig.load(file);
    assertThat(c.recovery())
        .isEqualTo(
            new RecoveryConfig(
                0, java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(12), true));
    Path again = dir.resolve("again.properties");
    c.write(again);
    assertThat(ClusterConfig.load(again)).isEqualTo(c);

    Files.writeString(file, FOUR + "recovery.period = 0\n");
    assertThat(ClusterConfig.load(file).recovery().proactive()).isFalse();
    Files.writeString(file, FOUR + "recovery.period = 60\nrecovery.stagger = 16\n");
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("recovery.stagger (16 s) times the 4 replicas is more than");
    Files.writeString(file, FOUR + "recovery.emptyExport = yes\n");
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("recovery.emptyExport must be true or false, not yes");
    Files.writeString(file, FOUR + "recovery.period = -5\n");
    assertThatThrownBy(() -> ClusterConfig.load(file))
        .hasMessageContaining("recovery.period must be 0 (off) or a number of seconds");
  }
}
