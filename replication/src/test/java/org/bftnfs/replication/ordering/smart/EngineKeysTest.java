package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineKeysTest {

  @TempDir Path dir;

  @Test
  void theDiffieHellmanValuesAgreeOnOneLinkKeyPerPairOfReplicas() throws Exception {
    EngineKeys.generate(dir, 3);
    LinkKeys zero = LinkKeys.compute(dir, 3, 0, EngineKeys.readPrivate(dir, 0));
    LinkKeys one = LinkKeys.compute(dir, 3, 1, EngineKeys.readPrivate(dir, 1));
    LinkKeys two = LinkKeys.compute(dir, 3, 2, EngineKeys.readPrivate(dir, 2));
    assertThat(zero.of(1).getEncoded()).isEqualTo(one.of(0).getEncoded());
    assertThat(zero.of(2).getEncoded()).isEqualTo(two.of(0).getEncoded());
    assertThat(one.of(2).getEncoded()).isEqualTo(two.of(1).getEncoded());
    assertThat(zero.of(1).getEncoded()).isNotEqualTo(zero.of(2).getEncoded());
    assertThat(zero.of(0)).as("no link with itself").isNull();
    // the value on file is g^x for x derived from the private key, as the library derives it
    assertThat(EngineKeys.readDiffieHellmanPublic(dir, 1))
        .isEqualTo(EngineKeys.diffieHellmanPublic(EngineKeys.readPrivate(dir, 1)));
  }

  @Test
  void missingDiffieHellmanValuesAreWrittenFromThePrivateKeysAndGarbageIsRefused()
      throws Exception {
    EngineKeys.generate(dir, 2);
    String before = Files.readString(EngineKeys.diffieHellmanFile(dir, 1));
    Files.delete(EngineKeys.diffieHellmanFile(dir, 1));
    EngineKeys.writeMissingDiffieHellmanValues(dir, 2);
    assertThat(Files.readString(EngineKeys.diffieHellmanFile(dir, 1))).isEqualTo(before);
    Files.writeString(EngineKeys.diffieHellmanFile(dir, 1), "not hex\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EngineKeys.readDiffieHellmanPublic(dir, 1))
        .hasMessageContaining("not a hexadecimal number");
    Files.writeString(EngineKeys.diffieHellmanFile(dir, 1), "1\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EngineKeys.readDiffieHellmanPublic(dir, 1))
        .hasMessageContaining("not a value of the Diffie-Hellman group");
  }

  @Test
  void generatesOneDistinctPemKeyPairPerReplica() throws Exception {
    EngineKeys.generate(dir, 4);

    Set<String> names;
    try (var files = Files.list(dir)) {
      names = Set.copyOf(files.map(p -> p.getFileName().toString()).toList());
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "replica-0.pub",
            "replica-0.key",
            "replica-1.pub",
            "replica-1.key",
            "replica-2.pub",
            "replica-2.key",
            "replica-3.pub",
            "replica-3.key",
            "replica-0.dh",
            "replica-1.dh",
            "replica-2.dh",
            "replica-3.dh");
    assertThat(Files.readString(EngineKeys.privateKeyFile(dir, 0)))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(EngineKeys.publicKeyFile(dir, 0)))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(EngineKeys.privateKeyFile(dir, 2))))
        .isEqualTo("rw-------");
    for (int id = 0; id < 4; id++) {
      assertThat(signs(EngineKeys.readPrivate(dir, id), EngineKeys.readPublic(dir, id))).isTrue();
    }
    assertThat(signs(EngineKeys.readPrivate(dir, 0), EngineKeys.readPublic(dir, 1))).isFalse();
    assertThat(EngineKeys.readPublic(dir, 0)).isNotEqualTo(EngineKeys.readPublic(dir, 1));
  }

  @Test
  void readsDerFilesToo() throws Exception {
    EngineKeys.generate(dir, 1);
    PublicKey pub = EngineKeys.readPublic(dir, 0);
    PrivateKey key = EngineKeys.readPrivate(dir, 0);
    Files.write(EngineKeys.publicKeyFile(dir, 0), pub.getEncoded());
    Files.write(EngineKeys.privateKeyFile(dir, 0), key.getEncoded());

    assertThat(EngineKeys.readPublic(dir, 0)).isEqualTo(pub);
    assertThat(EngineKeys.readPrivate(dir, 0)).isEqualTo(key);
  }

  @Test
  void refusesToOverwriteKeys() throws Exception {
    EngineKeys.generate(dir, 2);
    String before = Files.readString(EngineKeys.privateKeyFile(dir, 1));

    assertThatThrownBy(() -> EngineKeys.generate(dir, 3))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(EngineKeys.privateKeyFile(dir, 1))).isEqualTo(before);
    assertThat(Files.exists(EngineKeys.privateKeyFile(dir, 2))).isFalse();
  }

  @Test
  void rejectsAPublicKeyWhereAPrivateKeyBelongs() throws Exception {
    EngineKeys.generate(dir, 1);
    Files.copy(
        EngineKeys.publicKeyFile(dir, 0),
        EngineKeys.privateKeyFile(dir, 0),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> EngineKeys.readPrivate(dir, 0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("PRIVATE KEY");
    Files.writeString(EngineKeys.privateKeyFile(dir, 0), "garbage", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> EngineKeys.readPrivate(dir, 0)).isInstanceOf(IOException.class);
  }

  @Test
  void replicaLoaderHandsOutOnlyItsOwnPrivateKeyAndReplicaPublicKeys() throws Exception {
    EngineKeys.generate(dir, 4);
    ReplicaKeyLoader loader = ReplicaKeyLoader.read(dir, 4, 2);

    assertThat(signs(loader.loadPrivateKey(2), loader.loadPublicKey(2))).isTrue();
    assertThat(loader.loadPublicKey(0)).isEqualTo(EngineKeys.readPublic(dir, 0));
    assertThatThrownBy(() -> loader.loadPrivateKey(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> loader.loadPublicKey(1001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReplicaNeedsOnlyItsOwnPrivateKey() throws Exception {
    EngineKeys.generate(dir, 4);
    Files.delete(EngineKeys.privateKeyFile(dir, 0));
    Files.delete(EngineKeys.privateKeyFile(dir, 1));

    assertThat(ReplicaKeyLoader.read(dir, 4, 3).loadPublicKey(0)).isNotNull();
    assertThatThrownBy(() -> ReplicaKeyLoader.read(dir, 4, 0)).isInstanceOf(IOException.class);
  }

  private static boolean signs(PrivateKey key, PublicKey pub) throws Exception {
    byte[] data = "bftnfs".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(pub);
    verifier.update(data);
    return verifier.verify(signature);
  }
}
