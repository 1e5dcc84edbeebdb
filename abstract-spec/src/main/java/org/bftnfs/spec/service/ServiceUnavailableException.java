package org.bftnfs.spec.service;

/** The service could not answer a call within its bound; the client should retry later. */
public class ServiceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(String message) {
    super(message);
  }
}
