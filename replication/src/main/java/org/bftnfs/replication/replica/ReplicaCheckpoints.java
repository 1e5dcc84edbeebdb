package org.bftnfs.replication.replica;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.CheckpointCertificate;
import org.bftnfs.statetransfer.CheckpointStatement;
import org.bftnfs.statetransfer.CheckpointStore;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.FetchFailedException;
import org.bftnfs.statetransfer.FetchResult;
import org.bftnfs.statetransfer.Fetcher;
import org.bftnfs.statetransfer.SignedStatement;
import org.bftnfs.statetransfer.SpilledValues;
import org.bftnfs.statetransfer.StateSource;
import org.bftnfs.statetransfer.TreeHasher;
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
 *   <li>{@link #scrub} re-reads entries from the backend and repairs one that no longer matches the
 *       latest checkpoint (a backend corrupted behind the wrapper's back).
 *   <li>Each checkpoint taken or installed at an agreed point (a sequence number of 0 or more) is
 *       signed — ⟨seq, root⟩ with the replica's key ({@link #statement}, served to peers); a
 *       checkpoint that 2f + 1 replicas signed is recorded as stable ({@link #markStable}).
 * </ul>
 *
 * <p>Checkpoints kept: the last {@value #KEPT}, and besides every one from the latest stable
 * checkpoint on (so the stable one and those after it are never discarded), up to {@value
 * #MAX_KEPT} in all.
 *
 * <p>Thread-safety: not thread-safe; the replica calls it, and serves its {@link #store()} and
 * {@link #statement}s to peers, under the one lock it holds while it executes requests. Only {@link
 * #kept()}, {@link #latestTaken()}, {@link #signedStatements()} and {@link #latestStable()}
 * (published values) may be read from any thread.
 */
public final class ReplicaCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaCheckpoints.class);

  /** The partition tree's fan-out unless configured otherwise. */
  public static final int DEFAULT_FANOUT = 16;

  /** How many checkpoints are kept for peers that fetch one. */
  static final int KEPT = 8;

  /**
   * The most checkpoints kept while the latest stable one is older than the last {@value #KEPT}
   * (stability lags): beyond it the oldest are discarded, the stable one included.
   */
  static final int MAX_KEPT = 4 * KEPT;

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

  /**
   * A kept checkpoint as operators see it: its number, its root, and when this replica took (or
   * installed) it by its local clock — for reporting only, never part of the agreed state.
   */
  public record Taken(long seq, Digest root, Instant at) {}

  /**
   * The latest checkpoint this replica knows to be stable: 2f + 1 replicas (itself included)
   * validly signed its number and root.
   *
   * @param certificate the statement and the signatures that make it stable
   * @param at when this replica learnt it, by its local clock (reporting only)
   */
  public record Stable(CheckpointCertificate certificate, Instant at) {
    /** The checkpoint's number. */
    public long seq() {
      return certificate.statement().seq();
    }

    /** The checkpoint's root. */
    public Digest root() {
      return certificate.statement().root();
    }
  }

  /** Signs a checkpoint statement's encoding with the replica's key. */
  @FunctionalInterface
  public interface Signer {
    /** The signature of {@code statement}; null signs nothing. */
    byte[] sign(byte[] statement);

    /** Signs nothing: no statement is kept or served (a replica without a key, in tests). */
    Signer NONE = statement -> null;
  }

  /**
   * What one scrubbing step found.
   *
   * @param checked entries re-read from the backend and compared
   * @param repaired entries whose backend value differed from the checkpoint and were repaired
   * @param unrepaired entries that differed and could not be repaired (no peer served them)
   */
  public record Scrubbed(int checked, List<Integer> repaired, List<Integer> unrepaired) {}

  private final int replica;
  private final StateMachine machine;
  private final TreeShape shape;
  private final CheckpointStore store;
  private final Fetcher fetcher;
  private final PeerSources peers;
  private final TreeHasher hasher;
  private final Clock clock;
  private final Signer signer;

  /** This replica's signed statements of the checkpoints it keeps, by number (under the lock). */
  private final TreeMap<Long, SignedStatement> signed = new TreeMap<>();

  /** The kept checkpoints, oldest first, as last published for readers on other threads. */
  private volatile List<Taken> kept = List.of();

  /** {@link #signed}'s values, oldest first, as last published for readers on other threads. */
  private volatile List<SignedStatement> published = List.of();

  /** The latest stable checkpoint; null before the first. */
  private volatile Stable stable;

  /** While an entry is repaired to its checkpoint value, its announcements copy nothing. */
  private boolean repairing;

  /** The entries in use at the latest checkpoint (scrubbing order), and where scrubbing is. */
  private long scrubbedCheckpoint = Long.MIN_VALUE;

  private int[] scrubOrder = new int[0];
  private int scrubCursor;

  /**
   * Takes over {@code machine}'s modify announcements and marks every entry below its {@linkplain
   * StateMachine#extent() extent} for the first checkpoint, which reads (streams) and hashes each
   * once: the time grows with the entries ever used, not with the capacity.
   *
   * @param fanout the partition tree's fan-out (the same at every replica)
   * @param peers where {@link #bringTo} fetches from
   */
  public ReplicaCheckpoints(int replica, StateMachine machine, int fanout, PeerSources peers) {
    this(replica, machine, fanout, peers, Clock.systemUTC());
  }

  /**
   * As {@link #ReplicaCheckpoints(int, StateMachine, int, PeerSources)}, with the clock that dates
   * checkpoints for reporting ({@link #kept()}; never read for anything agreed).
   */
  public ReplicaCheckpoints(
      int replica, StateMachine machine, int fanout, PeerSources peers, Clock clock) {
    this(replica, machine, fanout, peers, clock, Signer.NONE);
  }

  /**
   * As {@link #ReplicaCheckpoints(int, StateMachine, int, PeerSources, Clock)}, signing each
   * checkpoint taken or installed at an agreed point with {@code signer} (the replica's key).
   */
  public ReplicaCheckpoints(
      int replica,
      StateMachine machine,
      int fanout,
      PeerSources peers,
      Clock clock,
      Signer signer) {
    this.replica = replica;
    this.clock = clock;
    this.signer = signer;
    this.machine = machine;
    this.shape = shape(machine.capacity(), fanout);
    this.store =
        new CheckpointStore(
            shape, machine::getObj, machine::writeObj, spillDirectory(), machine::writeObjPiece);
    this.fetcher = new Fetcher(shape);
    this.peers = peers;
    this.hasher = shape.newHasher();
    for (int i = 0; i < machine.extent(); i++) {
      store.modify(i); // before the first checkpoint: no copy, the leaf is hashed at the checkpoint
    }
    machine.setModifyListener(
        new AbstractState.ModifyListener() {
          @Override
          public void modify(int index) {
            if (!repairing) {
              store.modify(index);
            }
          }

          @Override
          public void modifyFile(int index, long offset, long length) {
            if (!repairing) {
              long[] pieces = ObjectCodec.dataPieces(offset, length);
              store.modifyPieces(index, pieces[0], pieces[1]);
            }
          }
        });
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
    sign(seq, root);
    discardOld();
    publishKept();
    return new Checkpoint(seq, root);
  }

  /**
   * Discards checkpoints (and their statements) older than both the latest stable one and the last
   * {@value #KEPT}, keeping at most {@value #MAX_KEPT}.
   */
  private void discardOld() {
    long[] kept = store.checkpoints();
    if (kept.length <= KEPT) {
      return;
    }
    long oldest = kept[kept.length - KEPT];
    Stable s = stable;
    if (s != null && s.seq() < oldest && store.has(s.seq())) {
      oldest = Math.max(s.seq(), kept[Math.max(0, kept.length - MAX_KEPT)]);
    }
    store.discardBefore(oldest);
    signed.headMap(oldest, false).clear();
  }

  /** Signs ⟨seq, root⟩ when {@code seq} is an agreed point (0 or more) and a signer is set. */
  private void sign(long seq, Digest root) {
    if (seq < 0) {
      return; // the state at start, before any agreed point: nothing to vouch for
    }
    CheckpointStatement statement = new CheckpointStatement(seq, root);
    byte[] signature = signer.sign(statement.encode());
    if (signature != null) {
      signed.put(seq, new SignedStatement(statement, signature));
    }
  }

  /**
   * This replica's signed statement of checkpoint {@code seq}, or null when it keeps none (never
   * taken, discarded, before any agreed point, or older than a checkpoint it installed): what it
   * answers peers that ask (STATEMENT). Under the replica's lock.
   */
  public SignedStatement statement(long seq) {
    return signed.get(seq);
  }

  /**
   * This replica's signed statements of the checkpoints it keeps, oldest first, as published when
   * the last checkpoint was taken or installed. Any thread, no lock.
   */
  public List<SignedStatement> signedStatements() {
    return published;
  }

  /**
   * Records {@code certificate} as the latest stable checkpoint when it certifies one this replica
   * keeps with the same root, later than the stable one recorded; the caller has checked that 2f +
   * 1 replicas validly signed it. Under the replica's lock.
   *
   * @return whether it was recorded
   */
  public boolean markStable(CheckpointCertificate certificate) {
    CheckpointStatement st = certificate.statement();
    SignedStatement own = signed.get(st.seq());
    Stable before = stable;
    if (own == null
        || !own.root().equals(st.root())
        || (before != null && before.seq() >= st.seq())) {
      return false;
    }
    stable = new Stable(certificate, clock.instant());
    return true;
  }

  /** The latest stable checkpoint recorded; empty before the first. Any thread, no lock. */
  public Optional<Stable> latestStable() {
    return Optional.ofNullable(stable);
  }

  /**
   * The checkpoints this replica keeps (at most {@value #KEPT}), oldest first, each with its root
   * and when it was taken or installed here. Safe to call from any thread without the replica's
   * lock: it returns what was published when the last checkpoint was taken or installed.
   */
  public List<Taken> kept() {
    return kept;
  }

  /** The latest checkpoint taken or installed ({@link #kept()}'s last); empty before the first. */
  public Optional<Taken> latestTaken() {
    List<Taken> k = kept;
    return k.isEmpty() ? Optional.empty() : Optional.of(k.get(k.size() - 1));
  }

  /** Publishes the store's kept checkpoints for {@link #kept()}, dating the new ones now. */
  private void publishKept() {
    published = List.copyOf(signed.values());
    List<Taken> before = kept;
    Instant now = clock.instant();
    List<Taken> after = new ArrayList<>();
    for (long seq : store.checkpoints()) {
      Digest root = store.rootAt(seq);
      Instant at = now;
      for (Taken t : before) {
        if (t.seq() == seq && t.root().equals(root)) {
          at = t.at();
        }
      }
      after.add(new Taken(seq, root, at));
    }
    kept = List.copyOf(after);
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
    // every checkpoint kept describes a state being replaced (at a recovery: the state read from
    // disk at start, checkpoint -1; after a divergence: checkpoints whose roots the others do not
    // share), and the changes below must not be copied into one: the state is now the target's
    store.discardAll();
    signed.clear();
    try (SpilledValues fetched = result.objects()) {
      if (!fetched.isEmpty()) {
        List<ObjectValue> values = new ArrayList<>(fetched.size());
        for (int index : fetched.indices()) {
          store.modify(index);
          values.add(ObjectValue.storedIn(index, () -> new SpilledBytes(fetched, index)));
        }
        machine.putObjs(values);
      }
    }
    Digest reached = store.checkpoint(target.seq());
    if (reached.equals(target.root())) {
      sign(target.seq(), target.root());
    }
    publishKept();
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

  /**
   * Scrubs up to {@code count} entries (paper §3.4's check, continuously): re-reads each entry in
   * use at the latest checkpoint from the backend ({@code getObj}), round-robin from where the last
   * step stopped, and compares its digest with the checkpoint's. An entry changed since that
   * checkpoint is skipped (the next checkpoint covers it). An entry that differs — its backend was
   * corrupted behind the wrapper's back — is repaired at once: its value at the checkpoint is
   * fetched from the peers, verified against the checkpoint's digest, and put back with {@code
   * putObjs}; the checkpoints are unchanged (the entry holds its checkpoint value again).
   */
  public Scrubbed scrub(int count) {
    long latest = latest();
    if (latest == Long.MIN_VALUE || count <= 0) {
      return new Scrubbed(0, List.of(), List.of());
    }
    if (latest != scrubbedCheckpoint) {
      scrubOrder = store.at(latest).nonFreeLeaves(shape.height(), 0);
      scrubbedCheckpoint = latest;
      scrubCursor = 0;
    }
    int checked = 0;
    List<Integer> repaired = new ArrayList<>();
    List<Integer> unrepaired = new ArrayList<>();
    for (int k = 0; k < Math.min(count, scrubOrder.length); k++) {
      if (Thread.currentThread().isInterrupted()) {
        break; // stopping: a read cut short proves nothing about the backend
      }
      int index = scrubOrder[scrubCursor];
      scrubCursor = (scrubCursor + 1) % scrubOrder.length;
      if (store.changedSinceLatest(index)) {
        continue;
      }
      checked++;
      Digest expected = store.nodeAt(latest, 0, index);
      if (matches(index, expected)) {
        continue;
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      if (repair(latest, index, expected)) {
        repaired.add(index);
      } else {
        unrepaired.add(index);
      }
    }
    return new Scrubbed(checked, repaired, unrepaired);
  }

  private boolean matches(int index, Digest expected) {
    try {
      return hasher.leaf(index, out -> machine.writeObj(index, out)).equals(expected);
    } catch (ReplicaFaultException | IOException unreadable) {
      LOG.warn(
          "replica {}: entry {} cannot be read from its backend: {}",
          replica,
          index,
          unreadable.getMessage());
      return false;
    }
  }

  private boolean repair(long seq, int index, Digest expected) {
    byte[] value = null;
    try (PeerSources.Opened sources = peers.open(seq)) {
      for (Map.Entry<Integer, StateSource> peer : sources.sources().entrySet()) {
        byte[] v = peer.getValue().object(index);
        if (v != null && hasher.leaf(index, v).equals(expected)) {
          value = v;
          break;
        }
        if (v != null) {
          LOG.warn(
              "replica {}: peer {} served entry {} of checkpoint {} wrongly: it may be faulty",
              replica,
              peer.getKey(),
              index,
              seq);
        }
      }
    }
    if (value == null) {
      LOG.error(
          "replica {}: entry {} differs from checkpoint {} in its backend and no peer served it",
          replica,
          index,
          seq);
      return false;
    }
    repairing = true;
    try {
      machine.putObjs(List.of(new ObjectValue(index, value)));
    } finally {
      repairing = false;
    }
    if (!matches(index, expected)) {
      LOG.error("replica {}: entry {} still differs after putObjs", replica, index);
      return false;
    }
    LOG.warn(
        "replica {}: entry {} in its backend differed from checkpoint {} (corrupted behind the"
            + " wrapper's back?): repaired from its peers",
        replica,
        index,
        seq);
    return true;
  }

  private FetchResult fetch(Checkpoint target, TreeView local) {
    FetchFailedException last = null;
    for (int attempt = 1; attempt <= FETCH_ATTEMPTS; attempt++) {
      SpilledValues into = spill();
      try (PeerSources.Opened sources = peers.open(target.seq())) {
        FetchResult result = fetcher.fetch(target.root(), local, sources.sources(), into);
        if (!result.faulty().isEmpty()) {
          LOG.warn(
              "replica {}: peers {} served checkpoint {} wrongly (answers that do not match the"
                  + " vouched digests): they may be faulty",
              replica,
              result.faulty(),
              target.seq());
        }
        return result;
      } catch (FetchFailedException | RuntimeException e) {
        into.close();
        if (e instanceof RuntimeException unexpected) {
          throw unexpected;
        }
        FetchFailedException failed = (FetchFailedException) e;
        LOG.warn(
            "replica {}: fetching checkpoint {} failed (attempt {} of {}): {}",
            replica,
            target.seq(),
            attempt,
            FETCH_ATTEMPTS,
            failed.getMessage());
        last = failed;
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

  /**
   * Where a fetch puts the objects it found until they are installed: a file in the JVM's temporary
   * directory ({@code java.io.tmpdir}), so that a replica that fetches most of its state (recovered
   * onto an empty export) holds one object at a time in memory, not all of them.
   */
  private SpilledValues spill() {
    return SpilledValues.spillingTo(spillDirectory());
  }

  /**
   * Where large object values are spilled (fetched objects, copies kept for checkpoints): the JVM's
   * temporary directory ({@code java.io.tmpdir}).
   */
  private static Path spillDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private long latest() {
    long[] kept = store.checkpoints();
    return kept.length == 0 ? Long.MIN_VALUE : kept[kept.length - 1];
  }
}
