package org.bftnfs.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bftnfs.relay.RawXdr;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.nfs.nfs3;
import org.dcache.oncrpc4j.rpc.OncRpcAcceptedException;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAccepsStatus;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeNone;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcReply;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * An oncrpc4j TCP client that sends NFSv3 calls as argument bytes and returns each reply's accept
 * status and result bytes exactly as they came off the wire, for byte-for-byte comparisons between
 * servers. MOUNT and NFS share the port ({@code bftnfs serve} without {@code --mount-port}). Uses
 * the CompletionHandler call variant; every call is bounded by {@value #TIMEOUT_S} s.
 */
final class NfsWireClient implements AutoCloseable {

  private static final long TIMEOUT_S = 20;

  private final OncRpcClient client;
  private final RpcTransport transport;

  NfsWireClient(int port) throws IOException {
    this.client =
        OncRpcClient.newBuilder()
            .withTCP()
            .withConnectTimeout(5, TimeUnit.SECONDS)
            .build(InetAddress.getLoopbackAddress(), port);
    this.transport = client.connect(5, TimeUnit.SECONDS);
  }

  /** MNT of {@code export} as root; returns the root handle. */
  byte[] mount(String export)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    mntargs3 path = new mntargs3();
    path.dirpath = export.getBytes(StandardCharsets.UTF_8);
    RpcReply reply = call(mount3.MOUNT_PROGRAM, mount3.MOUNTPROC3_MNT, path, auth(root()));
    mountres3 res = new mountres3();
    reply.getReplyResult(res);
    if (res.fhs_status != 0) {
      throw new IOException("MNT " + export + " failed with status " + res.fhs_status);
    }
    return res.mountinfo.fhandle;
  }

  /**
   * Sends one NFSv3 call.
   *
   * @return the reply: SUCCESS with the result bytes, PROC_UNAVAIL or GARBAGE_ARGS
   * @throws ExecutionException for any other RPC outcome (denied, system error, I/O)
   */
  NfsReply call(NfsCall call)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    RpcReply reply;
    try {
      reply =
          call(
              nfs3.NFS_PROGRAM,
              call.procedure(),
              new RawXdr(call.arguments()),
              auth(call.credentials()));
    } catch (ExecutionException e) {
      // oncrpc4j fails the call for an accept status other than SUCCESS; the exception keeps
      // the status only in its message, RpcAccepsStatus.toString(status)
      if (e.getCause() instanceof OncRpcAcceptedException accepted) {
        if (RpcAccepsStatus.toString(RpcAccepsStatus.GARBAGE_ARGS).equals(accepted.getMessage())) {
          return NfsReply.garbageArgs();
        }
        if (RpcAccepsStatus.toString(RpcAccepsStatus.PROC_UNAVAIL).equals(accepted.getMessage())) {
          return NfsReply.procUnavailable();
        }
      }
      throw e;
    }
    RawXdr body = new RawXdr();
    reply.getReplyResult(body);
    return NfsReply.success(body.bytes());
  }

  private static Credentials root() {
    return Credentials.unix(0, 0);
  }

  private static RpcAuth auth(Credentials who) {
    return who.flavor() == Credentials.AUTH_NONE
        ? new RpcAuthTypeNone()
        : new RpcAuthTypeUnix(who.uid(), who.gid(), who.gids(), 0, "it");
  }

  private RpcReply call(int program, int procedure, XdrAble args, RpcAuth auth)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<RpcReply> reply = new CompletableFuture<>();
    new RpcCall(program, 3, auth, transport)
        .call(
            procedure,
            args,
            new CompletionHandler<RpcReply, RpcTransport>() {
              @Override
              public void completed(RpcReply r, RpcTransport attachment) {
                reply.complete(r);
              }

              @Override
              public void failed(Throwable exc, RpcTransport attachment) {
                reply.completeExceptionally(exc);
              }
            },
            TIMEOUT_S,
            TimeUnit.SECONDS,
            auth);
    return reply.get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
