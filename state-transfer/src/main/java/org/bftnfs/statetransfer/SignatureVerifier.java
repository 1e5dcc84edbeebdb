package org.bftnfs.statetransfer;

/**
 * Checks a replica's signature over a {@linkplain CheckpointStatement#encode() statement}; the
 * caller plugs in the cluster's keys and algorithm.
 *
 * <p>Thread-safety: as the implementation; {@link CheckpointCertificate} calls it on the caller's
 * thread.
 */
@FunctionalInterface
public interface SignatureVerifier {

  /**
   * Whether {@code signature} is replica {@code replica}'s valid signature over {@code statement}.
   * Returns false (does not throw) for an unknown replica or a malformed signature.
   */
  boolean verify(int replica, byte[] statement, byte[] signature);
}
