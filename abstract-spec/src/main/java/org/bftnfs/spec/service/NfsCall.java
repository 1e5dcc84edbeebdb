package org.bftnfs.spec.service;

/**
 * One NFSv3 call as it crosses the {@link NfsService} boundary: the procedure number, the caller's
 * credentials and the XDR-encoded arguments exactly as the client sent them.
 *
 * @param procedure NFSv3 procedure number (0..21, RFC 1813 §3.3)
 * @param credentials the authenticated caller
 * @param arguments the XDR encoding of the procedure's arguments (owned by this call: the creator
 *     must not change the array afterwards)
 */
public record NfsCall(int procedure, Credentials credentials, byte[] arguments) {

  /** True when the procedure never changes the abstract state (it may take the read-only path). */
  public boolean readOnly() {
    Procedure p = Procedure.byNumber(procedure);
    return p != null && p.readOnly();
  }
}
