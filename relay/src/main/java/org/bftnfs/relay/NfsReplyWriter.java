package org.bftnfs.relay;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.service.ServiceUnavailableException;
import org.bftnfs.spec.xdr.RawXdr;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the outcome of an NFS call becomes an RPC reply.
 *
 * <ul>
 *   <li>{@link NfsReply.Outcome#SUCCESS}: the result bytes are the reply body, verbatim;
 *   <li>{@link NfsReply.Outcome#PROC_UNAVAIL}, {@link NfsReply.Outcome#GARBAGE_ARGS}: those RPC
 *       accept statuses;
 *   <li>a failure with {@link ServiceUnavailableException}: the procedure's failure result with
 *       {@code NFS3ERR_JUKEBOX} (the client retries later);
 *   <li>any other failure (or a null reply): the failure result with {@code NFS3ERR_SERVERFAULT},
 *       and one WARN line (the stack trace only at DEBUG).
 * </ul>
 */
final class NfsReplyWriter {

  private static final Logger LOG = LoggerFactory.getLogger(NfsReplyWriter.class);

  /**
   * Answers {@code call}.
   *
   * @param procedure the call's procedure (not {@link Procedure#NULL})
   * @param reply the service's reply, or null when it failed
   * @param failure why the service failed, or null
   */
  void write(RpcCall call, Procedure procedure, NfsReply reply, Throwable failure) {
    if (failure != null) {
      Throwable cause = unwrap(failure);
      if (cause instanceof ServiceUnavailableException) {
        LOG.debug("{} unavailable: {}", procedure, cause.getMessage());
        call.reply(new RawXdr(procedure.failureResult(nfsstat3.NFS3ERR_JUKEBOX)));
      } else {
        serverFault(call, procedure, cause);
      }
      return;
    }
    if (reply == null) {
      serverFault(call, procedure, new IllegalStateException("service returned no reply"));
      return;
    }
    switch (reply.outcome()) {
      case SUCCESS -> call.reply(new RawXdr(reply.result()));
      case PROC_UNAVAIL -> call.failProcedureUnavailable();
      case GARBAGE_ARGS -> call.failRpcGarbage();
    }
  }

  private static void serverFault(RpcCall call, Procedure procedure, Throwable cause) {
    LOG.warn(
        "NFS {} failed in the service, answering SERVERFAULT: {}", procedure, cause.toString());
    LOG.debug("service failure", cause);
    call.reply(new RawXdr(procedure.failureResult(nfsstat3.NFS3ERR_SERVERFAULT)));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
