package org.bftnfs.replication.ordering.smart;

import bftsmart.reconfiguration.util.RsaKeyLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;

/**
 * The engine's key loader for replica {@code self}: every replica's public key and its own private
 * key, all read from the key directory when it is built (so a missing or bad file fails {@link
 * SmartReplica#start}, not a connection later). Asking for any other key is an error: the library
 * only asks for client public keys when client signatures are on, which they never are here.
 */
final class ReplicaKeyLoader implements RsaKeyLoader {

  private final int self;
  private final Map<Integer, PublicKey> publicKeys;
  private final PrivateKey privateKey;

  private ReplicaKeyLoader(int self, Map<Integer, PublicKey> publicKeys, PrivateKey privateKey) {
    this.self = self;
    this.publicKeys = publicKeys;
    this.privateKey = privateKey;
  }

  /** Reads the keys of a group of {@code n} replicas as seen by replica {@code self}. */
  static ReplicaKeyLoader read(Path dir, int n, int self) throws IOException {
    return new ReplicaKeyLoader(
        self, EngineKeys.readPublicKeys(dir, n), EngineKeys.readPrivate(dir, self));
  }

  @Override
  public PublicKey loadPublicKey(int id) {
    PublicKey key = publicKeys.get(id);
    if (key == null) {
      throw new IllegalArgumentException("no engine public key for process " + id);
    }
    return key;
  }

  @Override
  public PrivateKey loadPrivateKey(int id) {
    if (id != self) {
      throw new IllegalArgumentException("replica " + self + " holds no private key of " + id);
    }
    return privateKey;
  }
}
