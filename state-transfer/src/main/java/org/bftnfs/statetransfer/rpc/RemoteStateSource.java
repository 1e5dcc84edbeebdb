package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.StateSource;
import org.bftnfs.statetransfer.TreeShape;
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
 * One peer's {@link StateTransferServer}, for one checkpoint, as a {@link StateSource}: the client
 * side of the fetch protocol, for {@link org.bftnfs.statetransfer.Fetcher}.
 *
 * <p>It connects over TCP on the first call (and again after a failure), and bounds each call by
 * the timeout: connecting, if needed, takes at most the timeout, and the call at most the timeout
 * again. Any failure answers null, as {@link StateSource} says, and is logged at debug: connection
 * refused or lost, timeout, interruption (the thread's interrupt flag is restored), an RPC error,
 * {@link StateTransferProgram#NOT_HELD} or another status, a reply that does not decode (a digest
 * count above the fan-out, a value above {@code maxObjectSize}, bytes left over), or a digest count
 * other than the fan-out. It never throws from {@link #children} or {@link #object}. It verifies
 * only the form of a reply; the content is verified by the fetcher against the certified root.
 *
 * <p>The timeout is a local, client-side matter: it decides only which peer answers, never what the
 * fetched state is, so it feeds nothing local into the replica's state.
 *
 * <p>Thread-safety: safe (calls are serialised on this object); the fetcher makes one at a time.
 */
public final class RemoteStateSource implements StateSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteStateSource.class);

  private final InetSocketAddress peer;
  private final long seq;
  private final TreeShape shape;
  private final int maxObjectSize;
  private final long timeoutMs;
  private final RpcAuthTypeNone auth = new RpcAuthTypeNone();
  private OncRpcClient client;
  private RpcTransport transport;

  /**
   * A source that asks the server at {@code peer} for checkpoint {@code seq}.
   *
   * @param peer the peer's {@link StateTransferServer} address
   * @param seq the checkpoint's sequence number
   * @param shape the tree's shape (the number of digests a CHILDREN reply must carry is its
   *     fan-out)
   * @param maxObjectSize the largest value accepted, in bytes (no larger buffer is ever allocated)
   * @param timeout the bound on connecting and on each call; positive
   */
  public RemoteStateSource(
      InetSocketAddress peer, long seq, TreeShape shape, int maxObjectSize, Duration timeout) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.seq = seq;
    this.shape = Objects.requireNonNull(shape, "shape");
    if (maxObjectSize < 0) {
      throw new IllegalArgumentException("maxObjectSize " + maxObjectSize);
    }
    this.maxObjectSize = maxObjectSize;
    this.timeoutMs = timeout.toMillis();
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeout " + timeout);
    }
  }

  @Override
  public synchronized List<Digest> children(int level, int index) {
    ChildrenResult result = new ChildrenResult(shape.fanout());
    String what = "CHILDREN(" + seq + ", " + level + ", " + index + ")";
    if (!call(StateTransferProgram.CHILDREN, new ChildrenArgs(seq, level, index), result, what)) {
      return null;
    }
    if (result.digests.size() != shape.fanout()) {
      LOG.debug(
          "{} from {}: {} digests, not {}", what, peer, result.digests.size(), shape.fanout());
      return null;
    }
    return result.digests;
  }

  @Override
  public synchronized byte[] object(int index) {
    ObjectResult result = new ObjectResult(maxObjectSize);
    String what = "OBJECT(" + seq + ", " + index + ")";
    return call(StateTransferProgram.OBJECT, new ObjectArgs(seq, index), result, what)
        ? result.value
        : null;
  }

  /** Closes the connection, if any. The source may still be used: it connects again. */
  @Override
  public synchronized void close() {
    disconnect();
  }

  /** Makes one call; true if it succeeded with status OK, else logs why and returns false. */
  private boolean call(int procedure, XdrAble args, XdrAble result, String what) {
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
    int status = result instanceof ChildrenResult c ? c.status : ((ObjectResult) result).status;
    if (status != StateTransferProgram.OK) {
      LOG.debug("{} from {}: status {}", what, peer, status);
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

  private void disconnect() {
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
