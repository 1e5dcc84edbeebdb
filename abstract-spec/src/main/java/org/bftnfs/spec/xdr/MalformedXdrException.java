package org.bftnfs.spec.xdr;

/** Bytes that are not the XDR encoding of the expected type (answered with GARBAGE_ARGS). */
public class MalformedXdrException extends Exception {

  private static final long serialVersionUID = 1L;

  public MalformedXdrException(String message) {
    super(message);
  }
}
