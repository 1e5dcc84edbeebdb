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
    Verdict verdict = screen(xdr.asBuffer());
    switch (verdict.action()) {
      case DROP:
        dropped.occurred(ctx.getAddress(), verdict.detail());
        return ctx.getStopAction();
      case REJECT:
        rejected.occurred(ctx.getAddress(), verdict.detail());
        XdrAble reason =
            verdict.rejectStatus() == RpcRejectStatus.RPC_MISMATCH
                ? new MismatchInfo(RPC_VERSION, RPC_VERSION)
                : new RpcAuthError(verdict.authStat());
        return reject(ctx, xdr, verdict.xid(), verdict.rejectStatus(), reason);
      default:
        return ctx.getInvokeAction();
    }
  }

  /**
   * What the filter does with one message.
   *
   * @param action pass it on to oncrpc4j, drop it, or answer it with a rejection
   * @param xid the message's xid (0 when dropped)
   * @param rejectStatus {@code RPC_MISMATCH} or {@code AUTH_ERROR} for a rejection, else -1
   * @param authStat the {@code auth_stat} of an {@code AUTH_ERROR} rejection, else -1
   * @param detail what the warning line says about a dropped or rejected message (null: passed)
   */
  record Verdict(Action action, int xid, int rejectStatus, int authStat, String detail) {

    /** What happens to the message. */
    enum Action {
      /** oncrpc4j decodes it. */
      PASS,
      /** Nothing is answered. */
      DROP,
      /** A rejection is sent. */
      REJECT
    }

    static final Verdict PASS = new Verdict(Action.PASS, 0, -1, -1, null);

    static Verdict drop(String detail) {
      return new Verdict(Action.DROP, 0, -1, -1, detail);
    }

    static Verdict mismatch(int xid, String detail) {
      return new Verdict(Action.REJECT, xid, RpcRejectStatus.RPC_MISMATCH, -1, detail);
    }

    static Verdict authError(int xid, int authStat, String detail) {
      return new Verdict(Action.REJECT, xid, RpcRejectStatus.AUTH_ERROR, authStat, detail);
    }
  }

  /**
   * Screens one RPC message (no record marks): reads {@code body}'s remaining bytes by absolute
   * index, leaving its position and limit alone. Pure: no I/O, no logging; never throws.
   */
  static Verdict screen(Buffer body) {
    int start = body.position();
    int remaining = body.remaining();
    if (remaining < RPCVERS + 4 || body.getInt(start + TYPE) != RpcMessageType.CALL) {
      return Verdict.drop("not an RPC call, " + remaining + " bytes");
    }
    int xid = body.getInt(start);
    int rpcvers = body.getInt(start + RPCVERS);
    if (rpcvers != RPC_VERSION) {
      return Verdict.mismatch(xid, "RPC version " + rpcvers);
    }
    if (remaining < FLAVOR + 4) {
      return Verdict.drop("call header cut short, " + remaining + " bytes");
    }
    int flavor = body.getInt(start + FLAVOR);
    if (flavor != RpcAuthType.NONE && flavor != RpcAuthType.UNIX) {
      int stat = knownFlavor(flavor) ? RpcAuthStat.AUTH_TOOWEAK : RpcAuthStat.AUTH_BADCRED;
      return Verdict.authError(xid, stat, "credential flavor " + flavor);
    }
    AuthBodyCheck.Outcome auth = AuthBodyCheck.check(body, start, body.limit());
    if (auth == AuthBodyCheck.Outcome.VALID) {
      return Verdict.PASS;
    }
    int stat = auth == AuthBodyCheck.Outcome.BAD_VERIFIER ? AUTH_BADVERF : RpcAuthStat.AUTH_BADCRED;
    return Verdict.authError(xid, stat, auth + " (flavor " + flavor + ")");
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
