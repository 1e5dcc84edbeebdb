package org.bftnfs.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivitiesTest {

  @Test
  void theWholeStackDecidesInRuleOrder() {
    // SHA-512 inside a signature check inside ordered execution: the check wins over execution
    assertThat(
            Activities.of(
                List.of(
                    "org.bouncycastle.crypto.digests.LongDigest.processBlock",
                    "org.bftnfs.replication.auth.VerifyingKey.verifies",
                    "org.bftnfs.replication.protocol.RequestEnvelope.decode",
                    "org.bftnfs.replication.replica.NfsReplica.executeOrdered",
                    "bftsmart.tom.core.DeliveryThread.run")))
        .isEqualTo("verifying signatures (Ed25519)");
    assertThat(
            Activities.of(
                List.of(
                    "java.io.ByteArrayOutputStream.ensureCapacity",
                    "org.bftnfs.spec.state.ObjectCodec.encode",
                    "org.bftnfs.wrapper.AbstractionFunction.getObj",
                    "org.bftnfs.replication.replica.NfsReplica.snapshot")))
        .isEqualTo("checkpoint snapshots");
    assertThat(Activities.of(List.of("java.io.ObjectInputStream.readObject", "bftsmart.x.Y.run")))
        .isEqualTo("BFT-SMaRt ordering and its messages");
    assertThat(Activities.of(List.of("java.lang.Thread.run"))).isEqualTo(Activities.OTHER);
  }

  @Test
  void componentsByPackage() {
    assertThat(Components.isJdk("java.util.HashMap")).isTrue();
    assertThat(Components.isJdk("sun.nio.ch.EPoll")).isTrue();
    assertThat(Components.isJdk("bftsmart.tom.ServiceReplica")).isFalse();
    assertThat(Components.of("bftsmart.tom.ServiceReplica")).isEqualTo("BFT-SMaRt ordering");
    assertThat(Components.of("org.bftnfs.backend.nfs.NfsBackend"))
        .isEqualTo("NFS client to the backend");
    assertThat(Components.of("org.bftnfs.wrapper.ConformanceWrapper"))
        .isEqualTo("conformance wrapper");
    assertThat(Components.of("com.example.Foo")).isEqualTo("other libraries");
  }
}
