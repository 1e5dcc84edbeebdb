package org.bftnfs.replication.ordering.smart;

import bftsmart.reconfiguration.util.RsaKeyLoader;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The engine's key loader in a client process: a throw-away in-memory RSA key, only so the
 * library's client start-up can measure a signature length (it signs nothing: client signatures are
 * off). The key has the replicas' key size because the library caches that length once per process,
 * whoever measures it first. See {@link EngineKeys}.
 */
final class ClientKeyLoader implements RsaKeyLoader {

  private final int self;
  private final PrivateKey privateKey;

  ClientKeyLoader(int self) {
    this.self = self;
    KeyPair pair = EngineKeys.ephemeral();
    this.privateKey = pair.getPrivate();
  }

  @Override
  public PublicKey loadPublicKey(int id) {
    throw new IllegalArgumentException(
        "a client loads no engine public keys (asked for " + id + ")");
  }

  @Override
  public PrivateKey loadPrivateKey(int id) {
    if (id != self) {
      throw new IllegalArgumentException("client " + self + " holds no private key of " + id);
    }
    return privateKey;
  }
}
