package org.bftnfs.replication.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A principal's private Ed25519 key (BouncyCastle). Ed25519 signatures are deterministic: the same
 * key and message always give the same signature, so nothing random enters a reply.
 */
public final class SigningKey {

  private final Ed25519PrivateKeyParameters key;

  private SigningKey(Ed25519PrivateKeyParameters key) {
    this.key = key;
  }

  /** A new key from {@code random} (key generation only; never inside a replica's execution). */
  public static SigningKey generate(SecureRandom random) {
    return new SigningKey(new Ed25519PrivateKeyParameters(random));
  }

  /** The key with this 32-byte seed. */
  public static SigningKey fromSeed(byte[] seed) {
    if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, got " + seed.length);
    }
    return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
  }

  public byte[] seed() {
    return key.getEncoded();
  }

  public VerifyingKey verifyingKey() {
    return VerifyingKey.of(key.generatePublicKey().getEncoded());
  }

  /** The 64-byte signature of {@code message}. */
  public byte[] sign(byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  @Override
  public String toString() {
    return "SigningKey(public " + HexFormat.of().formatHex(verifyingKey().bytes()) + ")";
  }
}
