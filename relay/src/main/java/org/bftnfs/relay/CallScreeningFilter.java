package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.dcache.oncrpc4j.grizzly.GrizzlyRpcTransport;
import org.dcache.oncrpc4j.rpc.ReplyQueue;
import org.dcache.oncrpc4j.rpc.RpcAuthError;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcAuthType;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcMessageType;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grizzly filter placed between oncrpc4j's record parser and its {@code RpcProtocolFilter}: it
 * peeks at the credential flavor of each call and rejects every flavor other than AUTH_NONE and
 * AUTH_SYS before oncrpc4j decodes it (oncrpc4j would otherwise answer AUTH_FAILED for unknown
 * flavors and start TLS or GSS handling for others).
 *
 * <p>Flavors the relay knows but does not accept (AUTH_SHORT, AUTH_DH, RPCSEC_GSS, AUTH_TLS) are
 * rejected with {@code AUTH_ERROR/AUTH_TOOWEAK}; any other flavor with {@code
 * AUTH_ERROR/AUTH_BADCRED}.
 */
final class CredentialFlavorFilter extends BaseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialFlavorFilter.class);

  /** Byte offset of the credential flavor in a call: xid, type, rpcvers, prog, vers, proc. */
  private static final int FLAVOR_OFFSET = 24;

  private static final int AUTH_SHORT = 2;
  private static final int AUTH_DH = 3;

  private final ReplyQueue replyQueue;

  /**
   * @param replyQueue the queue the server's transports share (needed to build a transport)
   */
  CredentialFlavorFilter(ReplyQueue replyQueue) {
    this.replyQueue = replyQueue;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Object message = ctx.getMessage();
    if (!(message instanceof Xdr xdr)) {
      return ctx.getInvokeAction();
    }
    Buffer body = xdr.asBuffer();
    int start = body.position();
    if (body.remaining() < FLAVOR_OFFSET + 4
        || body.getInt(start + 4) != RpcMessageType.CALL
        || body.getInt(start + 8) != 2) {
      return ctx.getInvokeAction(); // oncrpc4j answers RPC_MISMATCH or drops it
    }
    int flavor = body.getInt(start + FLAVOR_OFFSET);
    if (flavor == RpcAuthType.NONE || flavor == RpcAuthType.UNIX) {
      return ctx.getInvokeAction();
    }
    int xid = body.getInt(start);
    int stat = knownFlavor(flavor) ? RpcAuthStat.AUTH_TOOWEAK : RpcAuthStat.AUTH_BADCRED;
    @SuppressWarnings("unchecked")
    Connection<InetSocketAddress> connection = ctx.getConnection();
    InetSocketAddress peer = (InetSocketAddress) ctx.getAddress();
    LOG.debug("rejecting call from {} with credential flavor {}", peer, flavor);
    new RpcCall(xid, xdr, new GrizzlyRpcTransport(connection, peer, replyQueue))
        .reject(RpcRejectStatus.AUTH_ERROR, new RpcAuthError(stat));
    return ctx.getStopAction();
  }

  private static boolean knownFlavor(int flavor) {
    return flavor == AUTH_SHORT
        || flavor == AUTH_DH
        || flavor == RpcAuthType.RPCGSS_SEC
        || flavor == RpcAuthType.TLS;
  }
}
