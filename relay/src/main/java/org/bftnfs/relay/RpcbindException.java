package org.bftnfs.relay;

import java.io.IOException;

/** rpcbind could not be reached or refused to (un)register one of the relay's programs. */
public final class RpcbindException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed
   * @param cause the underlying failure
   */
  public RpcbindException(String message, Throwable cause) {
    super(message, cause);
  }
}
