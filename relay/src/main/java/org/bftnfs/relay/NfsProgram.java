package org.bftnfs.relay;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.bftnfs.spec.service.CallOrigin;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.NfsService;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.RawXdr;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.rpc.RpcAuthError;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.dcache.oncrpc4j.xdr.XdrVoid;

/**
 * NFSv3 (program 100003, version 3) as the relay serves it: every procedure is handed to the {@link
 * NfsService} as an {@link NfsCall} and answered from the completion of its stage, except NULL (a
 * ping of the relay, answered at once) and procedure numbers NFSv3 does not have (PROC_UNAVAIL).
 */
final class NfsProgram {

  private final NfsService service;
  private final NfsReplyWriter replies = new NfsReplyWriter();

  /**
   * @param service executes the calls
   */
  NfsProgram(NfsService service) {
    this.service = service;
  }

  /**
   * Handles one call. Runs on a worker thread and returns without waiting for the service.
   *
   * @param call the call, answered exactly once (maybe later, from another thread)
   * @param arguments a copy of the call's argument bytes
   * @return completes once the reply was handed to the transport
   */
  CompletionStage<?> handle(RpcCall call, byte[] arguments) {
    Procedure procedure = Procedure.byNumber(call.getProcedure());
    if (procedure == null) {
      call.failProcedureUnavailable();
      return DONE;
    }
    if (procedure == Procedure.NULL) {
      if (arguments.length == 0) {
        call.reply(XdrVoid.XDR_VOID);
      } else {
        call.failRpcGarbage();
      }
      return DONE;
    }
    Optional<Credentials> credentials = CallCredentials.of(call.getCredential());
    if (credentials.isEmpty()) {
      call.reject(RpcRejectStatus.AUTH_ERROR, new RpcAuthError(RpcAuthStat.AUTH_BADCRED));
      return DONE;
    }
    NfsCall nfsCall = new NfsCall(procedure.number(), credentials.get(), arguments);
    CompletionStage<NfsReply> stage;
    try {
      stage = service.invoke(nfsCall, origin(call));
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    if (stage == null) {
      stage = CompletableFuture.failedFuture(new IllegalStateException("service returned null"));
    }
    return stage.whenComplete((reply, failure) -> replies.write(call, procedure, reply, failure));
  }

  private static final CompletionStage<?> DONE = CompletableFuture.completedFuture(null);

  /**
   * Answers a call the relay has no room for now: {@code NFS3ERR_JUKEBOX} (the client tries again
   * later), or PROC_UNAVAIL for a procedure that is not one.
   */
  void tryAgainLater(RpcCall call) {
    Procedure procedure = Procedure.byNumber(call.getProcedure());
    if (procedure == null) {
      call.failProcedureUnavailable();
    } else if (procedure == Procedure.NULL) {
      call.reply(XdrVoid.XDR_VOID);
    } else {
      call.reply(new RawXdr(procedure.failureResult(nfsstat3.NFS3ERR_JUKEBOX)));
    }
  }

  /** The client's host and the call's XID. */
  private static CallOrigin origin(RpcCall call) {
    InetSocketAddress remote = call.getTransport().getRemoteSocketAddress();
    String host =
        remote == null
            ? "unknown"
            : remote.getAddress() != null
                ? remote.getAddress().getHostAddress()
                : remote.getHostString();
    return new CallOrigin(host, call.getXid());
  }
}
