package org.bftnfs.testkit.rpc;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.xdr.RawXdr;
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
 * The one oncrpc4j test client for NFSv3 and MOUNTv3 over TCP on loopback: one connection, any
 * program of version 3 on it. It sends an {@link NfsCall} as argument bytes and returns the reply's
 * accept status and result bytes exactly as they came off the wire (for byte-for-byte comparisons
 * between servers), or sends typed oncrpc4j arguments and decodes typed results.
 *
 * <p>Uses the {@link CompletionHandler} call variant (the {@code Class<T>} futures of oncrpc4j
 * 3.4.2 never complete when chained). Every call is bounded by the timeout given at construction;
 * waiting for a reply allows one more second.
 */
public final class NfsTestClient implements AutoCloseable {

  /** The machine name in the AUTH_SYS credentials this client builds. */
  public static final String MACHINE = "testkit";

  private static final long CONNECT_TIMEOUT_S = 5;
  private static final long WAIT_SLACK_MS = 1_000;

  private final OncRpcClient client;
  private final RpcTransport transport;
  private final Duration timeout;

  /**
   * Connects to a server on the loopback address.
   *
   * @param port the server's TCP port
   * @param timeout how long one call may take
   * @throws IOException when the connection cannot be made within 5 s
   */
  public NfsTestClient(int port, Duration timeout) throws IOException {
    this.client =
        OncRpcClient.newBuilder()
            .withTCP()
            .withConnectTimeout(CONNECT_TIMEOUT_S, TimeUnit.SECONDS)
            .build(InetAddress.getLoopbackAddress(), port);
    this.transport = client.connect(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
    this.timeout = timeout;
  }

  /**
   * MNT of {@code export} as root (AUTH_SYS 0/0).
   *
   * @return the export's root handle
   * @throws IOException when the server answers a MOUNT status other than MNT3_OK
   */
  public byte[] mount(String export)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    mntargs3 path = new mntargs3();
    path.dirpath = export.getBytes(StandardCharsets.UTF_8);
    mountres3 res =
        call(
            mount3.MOUNT_PROGRAM,
            mount3.MOUNTPROC3_MNT,
            path,
            new mountres3(),
            auth(Credentials.unix(0, 0)));
    if (res.fhs_status != 0) {
      throw new IOException("MNT " + export + " failed with status " + res.fhs_status);
    }
    return res.mountinfo.fhandle;
  }

  /**
   * Sends one NFSv3 call with the call's own credentials (AUTH_SYS or AUTH_NONE).
   *
   * @return SUCCESS with the result bytes, PROC_UNAVAIL or GARBAGE_ARGS
   * @throws ExecutionException for any other RPC outcome (denied, system error, I/O)
   */
  public NfsReply call(NfsCall call)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    RawXdr body;
    try {
      body =
          call(
              nfs3.NFS_PROGRAM,
              call.procedure(),
              new RawXdr(call.arguments()),
              new RawXdr(),
              auth(call.credentials()));
    } catch (ExecutionException e) {
      // oncrpc4j fails a call whose accept status is not SUCCESS; the exception keeps the status
      // only in its message, RpcAccepsStatus.toString(status)
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
    return NfsReply.success(body.bytes());
  }

  /**
   * Sends a call of version 3 of {@code program} without waiting.
   *
   * @return completes with the reply, or with the RPC failure
   */
  public CompletableFuture<RpcReply> send(int program, int procedure, XdrAble args, RpcAuth auth)
      throws IOException {
    CompletableFuture<RpcReply> future = new CompletableFuture<>();
    new RpcCall(program, 3, auth, transport)
        .call(
            procedure,
            args,
            new CompletionHandler<RpcReply, RpcTransport>() {
              @Override
              public void completed(RpcReply reply, RpcTransport attachment) {
                future.complete(reply);
              }

              @Override
              public void failed(Throwable exc, RpcTransport attachment) {
                future.completeExceptionally(exc);
              }
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS,
            auth);
    return future;
  }

  /** Calls version 3 of {@code program} and decodes the result into {@code result}. */
  public <T extends XdrAble> T call(
      int program, int procedure, XdrAble args, T result, RpcAuth auth)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    return decode(send(program, procedure, args, auth), result);
  }

  /** Waits (bounded) for a sent call and decodes its result into {@code result}. */
  public <T extends XdrAble> T decode(CompletableFuture<RpcReply> reply, T result)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    reply.get(timeout.toMillis() + WAIT_SLACK_MS, TimeUnit.MILLISECONDS).getReplyResult(result);
    return result;
  }

  /** The oncrpc4j credentials for {@code who}: AUTH_NONE, or AUTH_SYS named {@value #MACHINE}. */
  public static RpcAuth auth(Credentials who) {
    return who.flavor() == Credentials.AUTH_NONE
        ? new RpcAuthTypeNone()
        : new RpcAuthTypeUnix(who.uid(), who.gid(), who.gids(), 0, MACHINE);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
