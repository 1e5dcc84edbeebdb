package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAccepsStatus;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeNone;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcReply;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a peer's {@link StateTransferServer}, made on the first call and again
 * after a failure, every call bounded by the timeout (connecting, if needed, at most the timeout,
 * then the call at most the timeout again). The clients of the protocol ({@link RemoteStateSource},
 * {@link RemoteStatements}) make their calls through it.
 *
 * <p>Thread-safety: not thread-safe; its owner serialises the calls.
 */
final class RpcPeer {

  private static final Logger LOG = LoggerFactory.getLogger(RpcPeer.class);

  private final InetSocketAddress peer;
  private final long timeoutMs;
  private final RpcAuthTypeNone auth = new RpcAuthTypeNone();
  private OncRpcClient client;
  private RpcTransport transport;

  /**
   * @param timeout the bound on connecting and on each call; positive
   */
  RpcPeer(InetSocketAddress peer, Duration timeout) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.timeoutMs = timeout.toMillis();
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeout " + timeout);
    }
  }

  InetSocketAddress address() {
    return peer;
  }

  /**
   * Makes one call; true if it succeeded with status OK (the result decoded into {@code result}),
   * else logs why at debug and returns false: connection refused or lost, timeout, interruption
   * (the interrupt flag is restored), an RPC error, a reply that does not decode, another status.
   */
  <R extends XdrAble & StatusResult> boolean call(
      int procedure, XdrAble args, R result, String what) {
    try {
      RpcReply reply = send(procedure, args);
      if (!reply.isAccepted() || reply.getAcceptStatus() != RpcAccepsStatus.SUCCESS) {
        LOG.debug("{} from {}: RPC error {}", what, peer, reply);
        return false;
      }
      reply.getReplyResult(result);
    } catch (IOException | ExecutionException | TimeoutException e) {
      LOG.debug("{} from {} failed", what, peer, e);
      disconnect();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.debug("{} from {} interrupted", what, peer, e);
      return false;
    }
    if (result.status() != StateTransferProgram.OK) {
      LOG.debug("{} from {}: status {}", what, peer, result.status());
      return false;
    }
    return true;
  }

  private RpcReply send(int procedure, XdrAble args)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    RpcTransport t = connected();
    CompletableFuture<RpcReply> reply = new CompletableFuture<>();
    new RpcCall(StateTransferProgram.PROGRAM, StateTransferProgram.VERSION, auth, t)
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
            timeoutMs,
            TimeUnit.MILLISECONDS);
    return reply.get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private RpcTransport connected() throws IOException {
    if (transport == null) {
      OncRpcClient c =
          OncRpcClient.newBuilder()
              .withTCP()
              .withConnectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
              .withServiceName("state-transfer-client")
              .build(peer);
      transport = c.connect(timeoutMs, TimeUnit.MILLISECONDS); // stops c itself on failure
      client = c;
    }
    return transport;
  }

  /** Closes the connection, if any; the next call connects again. */
  void disconnect() {
    OncRpcClient c = client;
    client = null;
    transport = null;
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.debug("closing the connection to {}", peer, e);
      }
    }
  }
}
