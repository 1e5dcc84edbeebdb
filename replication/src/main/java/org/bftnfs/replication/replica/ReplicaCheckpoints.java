package org.bftnfs.replication.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.CheckpointStore;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.FetchFailedException;
import org.bftnfs.statetransfer.FetchResult;
import org.bftnfs.statetransfer.Fetcher;
import org.bftnfs.statetransfer.TreeShape;
import org.bftnfs.statetransfer.TreeView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's checkpoints of its abstract state and the repair of that state from its peers (paper
 * §2.2, §3.4): the part of the replica that turns the state machine's {@code modify}, {@code
 * getObj} and {@code putObjs} upcalls into incremental copy-on-write checkpoints and a hierarchical
 * fetch.
 *
 * <ul>
 *   <li>The state machine announces {@code modify(i)} before entry {@code i} changes; the {@link
 *       CheckpointStore} copies the entry's value for the latest checkpoint on its first change and
 *       marks its leaf dirty.
 *   <li>{@link #checkpoint} re-hashes only the entries changed since the previous checkpoint and
 *       returns the root of the partition tree; the last {@value #KEPT} checkpoints are kept, so
 *       peers can fetch one while this replica runs ahead.
 *   <li>{@link #bringTo} compares the local tree with a vouched root, fetches from the peers only
 *       the entries that differ (each verified against its vouched digest), and installs them with
 *       one {@code putObjs}.
 * </ul>
 *
 * <p>Thread-safety: not thread-safe; the replica calls it, and serves its {@link #store()} to
 * peers, under the one lock it holds while it executes requests.
 */
public final class ReplicaCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaCheckpoints.class);

  /** The partition tree's fan-out unless configured otherwise. */
  public static final int DEFAULT_FANOUT = 16;

  /** How many checkpoints are kept for peers that fetch one. */
  static final int KEPT = 8;

  /** How many times a fetch is tried from all peers before the replica gives up. */
  static final int FETCH_ATTEMPTS = 3;

  /** The canonical encoding of a never-used entry: generation 0, free. */
  private static final byte[] FREE = ObjectCodec.encode(0, null);

  /** The shape of the tree over {@code capacity} abstract entries, as every replica builds it. */
  public static TreeShape shape(int capacity, int fanout) {
    return new TreeShape(capacity, fanout, FREE);
  }

  /** A checkpoint: the sequence number of the last request it includes, and its root digest. */
  public record Checkpoint(long seq, Digest root) {}

  private final int replica;
  private final StateMachine machine;
  private final TreeShape shape;
  private final CheckpointStore store;
  private final Fetcher fetcher;
  private final PeerSources peers;

  /**
   * Takes over {@code machine}'s modify announcements and reads its current state once (every entry
   * in use is marked for the first checkpoint).
   *
   * @param fanout the partition tree's fan-out (the same at every replica)
   * @param peers where {@link #bringTo} fetches from
   */
  public ReplicaCheckpoints(int replica, StateMachine machine, int fanout, PeerSources peers) {
    this.replica = replica;
    this.machine = machine;
    this.shape = shape(machine.capacity(), fanout);
    this.store = new CheckpointStore(shape, machine::getObj);
    this.fetcher = new Fetcher(shape);
    this.peers = peers;
    for (int i = 0; i < shape.capacity(); i++) {
      if (!shape.isFree(machine.getObj(i))) {
        store.modify(i);
      }
    }
    machine.setModifyListener(store::modify);
  }

  /** The tree's shape. */
  public TreeShape shape() {
    return shape;
  }

  /** The checkpoints, for serving peers that fetch (under the replica's lock). */
  public CheckpointStore store() {
    return store;
  }

  /**
   * Takes checkpoint {@code seq} of the current state, or — when no request was executed since the
   * latest checkpoint ({@code seq} not after it) — returns the latest, and discards checkpoints
   * older than the last {@value #KEPT}.
   */
  public Checkpoint checkpoint(long seq) {
    long latest = latest();
    if (latest != Long.MIN_VALUE && seq <= latest) {
      return new Checkpoint(latest, store.rootAt(latest));
    }
    Digest root = store.checkpoint(seq);
    long[] kept = store.checkpoints();
    if (kept.length > KEPT) {
      store.discardBefore(kept[kept.length - KEPT]);
    }
    return new Checkpoint(seq, root);
  }

  /**
   * Brings the state to checkpoint {@code target} (whose root f+1 replicas vouched for): fetches
   * from the peers the entries whose value differs from the local one, installs them with {@code
   * putObjs}, and keeps the result as checkpoint {@code target.seq()} (peers may fetch it from this
   * replica in turn).
   *
   * @return what was fetched (nothing when the state already is the checkpoint's)
   * @throws ReplicaFaultException when no peer served the checkpoint correctly after {@value
   *     #FETCH_ATTEMPTS} attempts, or the state machine did not take the fetched entries
   */
  public FetchResult bringTo(Checkpoint target) {
    long latest = latest();
    if (latest != Long.MIN_VALUE && latest > target.seq()) {
      throw new ReplicaFaultException(
          "replica "
              + replica
              + " cannot go back to checkpoint "
              + target.seq()
              + ": it already took checkpoint "
              + latest);
    }
    TreeView local = store.current();
    FetchResult result = fetch(target, local);
    if (!result.objects().isEmpty()) {
      List<ObjectValue> values = new ArrayList<>(result.objects().size());
      for (Map.Entry<Integer, byte[]> e : result.objects().entrySet()) {
        store.modify(e.getKey());
        values.add(new ObjectValue(e.getKey(), e.getValue()));
      }
      machine.putObjs(values);
    }
    Digest reached =
        store.has(target.seq()) ? store.current().root() : store.checkpoint(target.seq());
    if (!reached.equals(target.root())) {
      throw new ReplicaFaultException(
          "replica "
              + replica
              + ": after installing the fetched entries its state's root is "
              + reached
              + ", not checkpoint "
              + target.seq()
              + "'s "
              + target.root()
              + ": its backend did not take the state");
    }
    return result;
  }

  private FetchResult fetch(Checkpoint target, TreeView local) {
    FetchFailedException last = null;
    for (int attempt = 1; attempt <= FETCH_ATTEMPTS; attempt++) {
      try (PeerSources.Opened sources = peers.open(target.seq())) {
        FetchResult result = fetcher.fetch(target.root(), local, sources.sources());
        if (!result.faulty().isEmpty()) {
          LOG.warn(
              "replica {}: peers {} served checkpoint {} wrongly (answers that do not match the"
                  + " vouched digests): they may be faulty",
              replica,
              result.faulty(),
              target.seq());
        }
        return result;
      } catch (FetchFailedException e) {
        LOG.warn(
            "replica {}: fetching checkpoint {} failed (attempt {} of {}): {}",
            replica,
            target.seq(),
            attempt,
            FETCH_ATTEMPTS,
            e.getMessage());
        last = e;
      }
    }
    throw new ReplicaFaultException(
        "replica "
            + replica
            + " could not fetch checkpoint "
            + target.seq()
            + " from its peers: "
            + last.getMessage(),
        last);
  }

  private long latest() {
    long[] kept = store.checkpoints();
    return kept.length == 0 ? Long.MIN_VALUE : kept[kept.length - 1];
  }
}
