package org.bftnfs.spec.service;

import java.util.Objects;

/**
 * Where a call came from on the wire: the client's host and the RPC transaction id (XID) it chose.
 * A client that does not hear back sends the same call again with the same XID (RFC 5531 §9; RFC
 * 1813 §4.1 on non-idempotent procedures), and after an {@code NFS3ERR_JUKEBOX} it sends the same
 * call again; an {@link NfsService} may use the origin to treat such a retry as the call it repeats
 * (executed at most once, answered with its real result). Not part of the call's meaning: it never
 * reaches the abstract specification.
 *
 * @param client the client's host (its address, without the port: a client that reconnects keeps
 *     its host but may change port)
 * @param xid the RPC transaction id
 */
public record CallOrigin(String client, int xid) {

  public CallOrigin {
    Objects.requireNonNull(client, "client");
  }
}
