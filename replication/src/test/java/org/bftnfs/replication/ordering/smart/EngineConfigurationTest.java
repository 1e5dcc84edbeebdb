package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bftsmart.reconfiguration.util.TOMConfiguration;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.bftnfs.replication.ordering.ReplicaAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigurationTest {

  @TempDir Path keys;

  @Test
  void everySettingComesFromTheOrderingConfig() throws Exception {
    OrderingConfig config = group(4, 1, Duration.ofMillis(2500), 77);
    EngineKeys.generate(keys, 4);
    ReplicaKeyLoader loader = ReplicaKeyLoader.read(keys, 4, 2);

    TOMConfiguration conf = EngineConfiguration.build(config, 2, loader);

    assertThat(conf.getProcessId()).isEqualTo(2);
    assertThat(conf.getN()).isEqualTo(4);
    assertThat(conf.getF()).isEqualTo(1);
    assertThat(conf.getInitialView()).containsExactly(0, 1, 2, 3);
    assertThat(conf.isBFT()).isTrue();
    assertThat(conf.getTTPId()).isEqualTo(-1);
    assertThat(conf.getRequestTimeout()).isEqualTo(2500);
    assertThat(conf.isStateTransferEnabled()).isTrue();
    assertThat(conf.getCheckpointPeriod()).isEqualTo(77);
    assertThat(conf.isUseSenderThread()).isTrue();
    assertThat(conf.getUseMACs()).isEqualTo(1);
    assertThat(conf.getUseSignatures()).isZero();
    assertThat(conf.getUseControlFlow()).isZero();
    assertThat(conf.getNumberOfNonces()).isZero();
    assertThat(conf.getMaxBatchSize()).isEqualTo(EngineConfiguration.MAX_BATCH);
    assertThat(conf.getPaxosHighMark()).isEqualTo(EngineConfiguration.HIGH_MARK);
    assertThat(conf.isToLog()).isFalse();
    assertThat(conf.logToDisk()).isFalse();
    assertThat(conf.isToWriteCkpsToDisk()).isFalse();
    assertThat(conf.isShutdownHookEnabled()).isFalse();
    assertThat(conf.useDefaultKeys()).isFalse();
    assertThat(conf.getNumRepliers()).isZero();
    assertThat(conf.getNumNettyWorkers()).isEqualTo(EngineConfiguration.NETTY_WORKERS);
    assertThat(conf.getHost(3)).isEqualTo("127.0.0.1");
    assertThat(conf.getPort(3)).isEqualTo(config.replicas().get(3).port());
    assertThat(conf.getServerToServerPort(3)).isEqualTo(config.replicas().get(3).port() + 1);
    assertThat(conf.getRSAPrivateKey()).isEqualTo(loader.loadPrivateKey(2));
    assertThat(conf.getRSAPublicKey(0)).isEqualTo(EngineKeys.readPublic(keys, 0));
  }

  @Test
  void diffieHellmanUsesTheRfc3526TwoThousandBitGroup() {
    TOMConfiguration conf =
        EngineConfiguration.build(
            group(4, 1, Duration.ofSeconds(1), 10), 1001, new ClientKeyLoader(1001));

    BigInteger p = conf.getDHP();
    assertThat(p.bitLength()).isEqualTo(2048);
    assertThat(p.isProbablePrime(64)).isTrue();
    assertThat(p.subtract(BigInteger.ONE).shiftRight(1).isProbablePrime(64))
        .as("safe prime")
        .isTrue();
    assertThat(conf.getDHG()).isEqualTo(BigInteger.TWO);
  }

  @Test
  void rejectsAnFTheLibraryWouldSilentlyChange() {
    assertThatThrownBy(
            () ->
                EngineConfiguration.build(
                    group(7, 1, Duration.ofSeconds(1), 10), 0, new ClientKeyLoader(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f = (n-1)/3 = 2");
  }

  @Test
  void aClientKeyLoaderSignsButLoadsNoPublicKeys() {
    ClientKeyLoader loader = new ClientKeyLoader(1001);

    assertThat(loader.loadPrivateKey(1001).getAlgorithm()).isEqualTo("RSA");
    assertThatThrownBy(() -> loader.loadPublicKey(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> loader.loadPrivateKey(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientAndReplicaIdsAreChecked() {
    OrderingConfig config = group(4, 1, Duration.ofSeconds(1), 10);

    assertThatThrownBy(() -> SmartClient.connect(config, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmartReplica.start(config, 4, new LogApplication()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private OrderingConfig group(int n, int f, Duration timeout, int checkpoint) {
    List<ReplicaAddress> replicas = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      replicas.add(new ReplicaAddress(id, "127.0.0.1", 20000 + 10 * id));
    }
    return new OrderingConfig(replicas, f, keys, timeout, checkpoint);
  }
}
