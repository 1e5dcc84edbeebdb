package org.bftnfs.relay;

import java.util.Optional;
import org.bftnfs.spec.service.Credentials;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeNone;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;

/** Turns the credential oncrpc4j decoded from a call into the service's {@link Credentials}. */
final class CallCredentials {

  private CallCredentials() {}

  /**
   * The caller of a call: AUTH_SYS gives uid, gid and supplementary gids; AUTH_NONE gives {@link
   * Credentials#none()}.
   *
   * @return empty for any other flavor and for AUTH_SYS with more than {@link Credentials#MAX_GIDS}
   *     supplementary groups (the caller rejects it with AUTH_BADCRED)
   */
  static Optional<Credentials> of(RpcAuth auth) {
    if (auth instanceof RpcAuthTypeUnix unix) {
      int[] gids = unix.gids();
      if (gids != null && gids.length > Credentials.MAX_GIDS) {
        return Optional.empty();
      }
      return Optional.of(Credentials.unix(unix.uid(), unix.gid(), gids));
    }
    if (auth instanceof RpcAuthTypeNone) {
      return Optional.of(Credentials.none());
    }
    return Optional.empty();
  }
}
