package org.bftnfs.backend;

/**
 * A concrete implementation failed: it is unreachable, timed out, or answered in a way the call
 * does not allow. For the replicated service this is a fault of this replica, never a reply to a
 * client.
 */
public class BackendException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
