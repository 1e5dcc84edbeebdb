package org.bftnfs.statetransfer.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * count above the fan-out, a value above {@code maxObjectSize} or a part longer than asked for,
 * bytes left over), a digest count other than the fan-out, or parts of one value that disagree on
 * its length or end early. A value moves in parts of at most {@link StateTransferProgram#MAX_PART}
 * bytes, one call each, and is written out as the parts come ({@link #object(int, OutputStream)}).
 * It never throws from {@link #children} or {@link #object}. It verifies only the form of a reply;
 * the content is verified by the fetcher against the certified root.
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
  private final long maxObjectSize;
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
      InetSocketAddress peer, long seq, TreeShape shape, long maxObjectSize, Duration timeout) {
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

  /**
   * The whole value, assembled from its parts: for values that fit in an array (the fetcher streams
   * them instead).
   */
  @Override
  public synchronized byte[] object(int index) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      return object(index, out) ? out.toByteArray() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream
    }
  }

  @Override
  public synchronized boolean object(int index, OutputStream out) throws IOException {
    long offset = 0;
    long length = -1;
    do {
      ObjectResult result = new ObjectResult(maxObjectSize, StateTransferProgram.MAX_PART);
      String what = "OBJECT(" + seq + ", " + index + ", " + offset + ")";
      if (!connection.call(
          StateTransferProgram.OBJECT,
          new ObjectArgs(seq, index, offset, StateTransferProgram.MAX_PART),
          result,
          what)) {
        return false;
      }
      long expected = length < 0 ? result.length : length;
      int wanted = (int) Math.min(StateTransferProgram.MAX_PART, expected - offset);
      if (result.length != expected || result.part.length != wanted) {
        LOG.debug(
            "{} from {}: value length {} (before: {}), part of {} bytes where {} were due",
            what,
            peer,
            result.length,
            length,
            result.part.length,
            wanted);
        return false;
      }
      length = expected;
      out.write(result.part);
      offset += result.part.length;
    } while (offset < length);
    return true;
  }

  /** Closes the connection, if any. The source may still be used: it connects again. */
  @Override
  public synchronized void close() {
    connection.disconnect();
  }
}
