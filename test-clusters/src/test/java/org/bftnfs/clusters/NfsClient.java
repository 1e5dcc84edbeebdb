package org.bftnfs.clusters;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * An NFSv3 client over oncrpc4j (TCP, loopback) for a relay whose NFS and MOUNT programs share one
 * port: sends any {@link NfsCall} with the call's AUTH_SYS or AUTH_NONE credentials and returns the
 * reply as the relay sent it. Uses oncrpc4j's CompletionHandler call variant; every call is bounded
 * by the timeout given at construction.
 */
final class NfsClient implements AutoCloseable {

  private final OncRpcClient client;
  private final RpcTransport transport;
  private final Duration timeout;

  /**
   * @param port the relay's port
   * @param timeout how long one call may take (a leader change delays calls by seconds)
   */
  NfsClient(int port, Duration timeout) throws IOException {
    this.client =
        OncRpcClient.newBuilder()
            .withTCP()
            .withConnectTimeout(5, TimeUnit.SECONDS)
            .build(InetAddress.getLoopbackAddress(), port);
    this.transport = client.connect(5, TimeUnit.SECONDS);
    this.timeout = timeout;
  }

  /** MNT of {@code export} as root; returns the root handle. */
  byte[] mount(String export)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    mntargs3 path = new mntargs3();
    path.dirpath = export.getBytes(StandardCharsets.UTF_8);
    RpcReply reply =
        call(mount3.MOUNT_PROGRAM, mount3.MOUNTPROC3_MNT, path, auth(Credentials.unix(0, 0)));
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
   * @return SUCCESS with the result bytes, PROC_UNAVAIL or GARBAGE_ARGS
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
      // oncrpc4j fails a call whose accept status is not SUCCESS, naming the status in the message
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

  private static RpcAuth auth(Credentials who) {
    return who.flavor() == Credentials.AUTH_NONE
        ? new RpcAuthTypeNone()
        : new RpcAuthTypeUnix(who.uid(), who.gid(), who.gids(), 0, "test-clusters");
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
            timeout.toMillis(),
            TimeUnit.MILLISECONDS,
            auth);
    return reply.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
