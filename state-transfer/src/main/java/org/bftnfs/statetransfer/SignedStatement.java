package org.bftnfs.statetransfer;

import java.util.Objects;

/**
 * One replica's signature over a {@link CheckpointStatement}, as it serves it to its peers (paper
 * §2.2): the statement, and the signature over its {@linkplain CheckpointStatement#encode()
 * encoding}. Who signed is known from where it came; nothing is verified here (a {@link
 * CheckpointCertificate} counts only signatures its {@link SignatureVerifier} accepts).
 *
 * <p>Thread-safety: immutable (the signature is copied in and out).
 *
 * @param statement what was signed
 * @param signature the signature, at most {@link CheckpointCertificate#MAX_SIGNATURE} bytes
 */
public record SignedStatement(CheckpointStatement statement, byte[] signature) {

  /**
   * @throws IllegalArgumentException if the signature is longer than {@link
   *     CheckpointCertificate#MAX_SIGNATURE}
   */
  public SignedStatement {
    Objects.requireNonNull(statement, "statement");
    if (signature.length > CheckpointCertificate.MAX_SIGNATURE) {
      throw new IllegalArgumentException("signature of " + signature.length + " bytes");
    }
    signature = signature.clone();
  }

  /** The signature (a copy). */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The checkpoint's sequence number. */
  public long seq() {
    return statement.seq();
  }

  /** The checkpoint's root digest. */
  public Digest root() {
    return statement.root();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedStatement s
        && statement.equals(s.statement)
        && java.util.Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return 31 * statement.hashCode() + java.util.Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedStatement[seq=" + seq() + ", root=" + root() + "]";
  }
}
