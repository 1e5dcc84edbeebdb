package org.bftnfs.spec.upcall;

/**
 * This replica cannot execute correctly: its backend failed, timed out, answered in a way the
 * specification does not allow, or holds a state that differs from the conformance rep. The replica
 * must not answer the call; it needs repair (state transfer, paper §2.2).
 */
public class ReplicaFaultException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ReplicaFaultException(String message) {
    super(message);
  }

  public ReplicaFaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
