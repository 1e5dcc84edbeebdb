package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
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
 *       GSS or TLS handling);
 *   <li>a credential or verifier out of the bounds of RFC 5531 or not present in full ({@link
 *       AuthBodyCheck}), with {@code AUTH_ERROR/AUTH_BADCRED} or {@code AUTH_ERROR/AUTH_BADVERF}
 *       (oncrpc4j would allocate whatever their length words claim).
 * </ul>
 *
 * <p>Messages that are not calls (a server receives no replies) or are too short to be one are
 * dropped here, before oncrpc4j decodes them (it would decode a reply's verifier unchecked). Each
 * drop or rejection is counted in a rate-limited WARN line, not logged one by one.
 */
final class CallScreeningFilter extends BaseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(CallScreeningFilter.class);

  /** Byte offsets in a call: xid, msg type, rpcvers, prog, vers, proc, credential flavor. */
  private static final int TYPE = 4;

  private static final int RPCVERS = 8;
  private static final int FLAVOR = AuthBodyCheck.CREDENTIAL_OFFSET;
  private static final int AUTH_BADVERF = 3;

  private static final int RPC_VERSION = 2;
  private static final int AUTH_SHORT = 2;
  private static final int AUTH_DH = 3;

  private final ReplyQueue replyQueue;
  private final RateLimitedWarning dropped;
  private final RateLimitedWarning rejected;
  private final UndeliveredReplies undelivered;

  /**
   * @param replyQueue the queue the server's transports share (needed to build a transport)
   * @param nanoTime time source of the rate-limited warnings
   * @param undelivered told about every rejection that could not be sent
   */
  CallScreeningFilter(
      ReplyQueue replyQueue, LongSupplier nanoTime, UndeliveredReplies undelivered) {
    this.replyQueue = replyQueue;
    this.undelivered = undelivered;
    this.dropped =
        new RateLimitedWarning(
            LOG,
            "RPC messages dropped (not a call, or too short)",
            RateLimitedWarning.DEFAULT_INTERVAL_NANOS,
            nanoTime);
    this.rejected =
        new RateLimitedWarning(
            LOG,
            "RPC calls rejected (RPC version or credential)",
            RateLimitedWarning.DEFAULT_INTERVAL_NANOS,
            nanoTime);
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
      return drop(ctx, "not an RPC call, " + body.remaining() + " bytes");
    }
    int xid = body.getInt(start);
    int rpcvers = body.getInt(start + RPCVERS);
    if (rpcvers != RPC_VERSION) {
      rejected.occurred(ctx.getAddress(), "RPC version " + rpcvers);
      return reject(ctx, xdr, xid, RpcRejectStatus.RPC_MISMATCH, new MismatchInfo(2, 2));
    }
    if (body.remaining() < FLAVOR + 4) {
      return drop(ctx, "call header cut short, " + body.remaining() + " bytes");
    }
    int flavor = body.getInt(start + FLAVOR);
    if (flavor != RpcAuthType.NONE && flavor != RpcAuthType.UNIX) {
      rejected.occurred(ctx.getAddress(), "credential flavor " + flavor);
      int stat = knownFlavor(flavor) ? RpcAuthStat.AUTH_TOOWEAK : RpcAuthStat.AUTH_BADCRED;
      return reject(ctx, xdr, xid, RpcRejectStatus.AUTH_ERROR, new RpcAuthError(stat));
    }
    AuthBodyCheck.Outcome auth = AuthBodyCheck.check(body, start, body.limit());
    if (auth == AuthBodyCheck.Outcome.VALID) {
      return ctx.getInvokeAction();
    }
    rejected.occurred(ctx.getAddress(), auth + " (flavor " + flavor + ")");
    int stat = auth == AuthBodyCheck.Outcome.BAD_VERIFIER ? AUTH_BADVERF : RpcAuthStat.AUTH_BADCRED;
    return reject(ctx, xdr, xid, RpcRejectStatus.AUTH_ERROR, new RpcAuthError(stat));
  }

  private NextAction drop(FilterChainContext ctx, String what) {
    dropped.occurred(ctx.getAddress(), what);
    return ctx.getStopAction();
  }

  private NextAction reject(FilterChainContext ctx, Xdr xdr, int xid, int status, XdrAble reason) {
    @SuppressWarnings("unchecked")
    Connection<InetSocketAddress> connection = ctx.getConnection();
    InetSocketAddress peer = (InetSocketAddress) ctx.getAddress();
    RpcCall call = new RpcCall(xid, xdr, new GrizzlyRpcTransport(connection, peer, replyQueue));
    call.registerSendOnceListener(undelivered);
    call.reject(status, reason);
    return ctx.getStopAction();
  }

  private static boolean knownFlavor(int flavor) {
    return flavor == AUTH_SHORT
        || flavor == AUTH_DH
        || flavor == RpcAuthType.RPCGSS_SEC
        || flavor == RpcAuthType.TLS;
  }
}
