package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.dcache.oncrpc4j.grizzly.GrizzlyRpcTransport;
import org.dcache.oncrpc4j.rpc.MismatchInfo;
import org.dcache.oncrpc4j.rpc.ReplyQueue;
import org.dcache.oncrpc4j.rpc.RpcAuthError;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcAuthType;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcMessageType;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grizzly filter placed between oncrpc4j's record parser and its {@code RpcProtocolFilter}: it
 * peeks at the header of each call and rejects, before oncrpc4j decodes anything,
 *
 * <ul>
 *   <li>an RPC version other than 2, with {@code RPC_MISMATCH} 2..2 (oncrpc4j 3.4.2 would send the
 *       client's version as the lowest supported one);
 *   <li>a credential flavor other than AUTH_NONE and AUTH_SYS: flavors the relay knows but does not
 *       accept (AUTH_SHORT, AUTH_DH, RPCSEC_GSS, AUTH_TLS) with {@code AUTH_ERROR/AUTH_TOOWEAK},
 *       any other with {@code AUTH_ERROR/AUTH_BADCRED} (oncrpc4j would answer AUTH_FAILED, or start
 *       GSS or TLS handling).
 * </ul>
 */
final class CallScreeningFilter extends BaseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(CallScreeningFilter.class);

  /** Byte offsets in a call: xid, msg type, rpcvers, prog, vers, proc, credential flavor. */
  private static final int TYPE = 4;

  private static final int RPCVERS = 8;
  private static final int FLAVOR = 24;

  private static final int RPC_VERSION = 2;
  private static final int AUTH_SHORT = 2;
  private static final int AUTH_DH = 3;

  private final ReplyQueue replyQueue;

  /**
   * @param replyQueue the queue the server's transports share (needed to build a transport)
   */
  CallScreeningFilter(ReplyQueue replyQueue) {
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
    if (body.remaining() < RPCVERS + 4 || body.getInt(start + TYPE) != RpcMessageType.CALL) {
      return ctx.getInvokeAction(); // oncrpc4j drops it
    }
    int xid = body.getInt(start);
    int rpcvers = body.getInt(start + RPCVERS);
    if (rpcvers != RPC_VERSION) {
      LOG.debug("rejecting call with RPC version {}", rpcvers);
      return reject(ctx, xdr, xid, RpcRejectStatus.RPC_MISMATCH, new MismatchInfo(2, 2));
    }
    if (body.remaining() < FLAVOR + 4) {
      return ctx.getInvokeAction();
    }
    int flavor = body.getInt(start + FLAVOR);
    if (flavor == RpcAuthType.NONE || flavor == RpcAuthType.UNIX) {
      return ctx.getInvokeAction();
    }
    LOG.debug("rejecting call with credential flavor {}", flavor);
    int stat = knownFlavor(flavor) ? RpcAuthStat.AUTH_TOOWEAK : RpcAuthStat.AUTH_BADCRED;
    return reject(ctx, xdr, xid, RpcRejectStatus.AUTH_ERROR, new RpcAuthError(stat));
  }

  private NextAction reject(FilterChainContext ctx, Xdr xdr, int xid, int status, XdrAble reason) {
    @SuppressWarnings("unchecked")
    Connection<InetSocketAddress> connection = ctx.getConnection();
    InetSocketAddress peer = (InetSocketAddress) ctx.getAddress();
    new RpcCall(xid, xdr, new GrizzlyRpcTransport(connection, peer, replyQueue))
        .reject(status, reason);
    return ctx.getStopAction();
  }

  private static boolean knownFlavor(int flavor) {
    return flavor == AUTH_SHORT
        || flavor == AUTH_DH
        || flavor == RpcAuthType.RPCGSS_SEC
        || flavor == RpcAuthType.TLS;
  }
}
