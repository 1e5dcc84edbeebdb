package org.bftnfs.replication.auth;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** A principal's public Ed25519 key: checks signatures, deterministically. */
public final class VerifyingKey {

  /** Length of a signature in bytes. */
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] bytes;
  private final Ed25519PublicKeyParameters key;

  private VerifyingKey(byte[] bytes) {
    this.bytes = bytes.clone();
    this.key = new Ed25519PublicKeyParameters(bytes, 0);
  }

  /** The key encoded in these 32 bytes. */
  public static VerifyingKey of(byte[] bytes) {
    if (bytes.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + bytes.length);
    }
    return new VerifyingKey(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** True when {@code signature} is this key's signature of {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, key);
    s.update(message, 0, message.length);
    return s.verifySignature(signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyingKey k && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
