package org.bftnfs.statetransfer.rpc;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.StateSource;
import org.bftnfs.statetransfer.TreeShape;
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
  private final RpcPeer connection;

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
    this.connection = new RpcPeer(peer, timeout);
  }

  @Override
  public synchronized List<Digest> children(int level, int index) {
    ChildrenResult result = new ChildrenResult(shape.fanout());
    String what = "CHILDREN(" + seq + ", " + level + ", " + index + ")";
    if (!connection.call(
        StateTransferProgram.CHILDREN, new ChildrenArgs(seq, level, index), result, what)) {
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
    return connection.call(StateTransferProgram.OBJECT, new ObjectArgs(seq, index), result, what)
        ? result.value
        : null;
  }

  /** Closes the connection, if any. The source may still be used: it connects again. */
  @Override
  public synchronized void close() {
    connection.disconnect();
  }
}
