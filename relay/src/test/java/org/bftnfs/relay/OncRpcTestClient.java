package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcReply;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * An oncrpc4j TCP client for one program, using the {@link CompletionHandler} call variant (the
 * {@code Class<T>} futures of oncrpc4j 3.4.2 never complete when chained). Every call is bounded by
 * a timeout.
 */
final class OncRpcTestClient implements AutoCloseable {

  private static final long TIMEOUT_S = 10;

  private final OncRpcClient client;
  private final RpcTransport transport;
  private final int program;

  OncRpcTestClient(int port, int program) throws IOException {
    this.client =
        OncRpcClient.newBuilder()
            .withTCP()
            .withConnectTimeout(5, TimeUnit.SECONDS)
            .build(InetAddress.getLoopbackAddress(), port);
    this.transport = client.connect(5, TimeUnit.SECONDS);
    this.program = program;
  }

  /** Sends a call without waiting; the future completes with the reply or the RPC failure. */
  CompletableFuture<RpcReply> send(int procedure, XdrAble args, RpcAuth auth) throws IOException {
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
            TIMEOUT_S,
            TimeUnit.SECONDS,
            auth);
    return future;
  }

  /** Calls and decodes the result into {@code result}. */
  <T extends XdrAble> T call(int procedure, XdrAble args, T result, RpcAuth auth)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    return decode(send(procedure, args, auth), result);
  }

  /** Waits (bounded) for a sent call and decodes its result into {@code result}. */
  static <T extends XdrAble> T decode(CompletableFuture<RpcReply> reply, T result)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    reply.get(TIMEOUT_S, TimeUnit.SECONDS).getReplyResult(result);
    return result;
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
