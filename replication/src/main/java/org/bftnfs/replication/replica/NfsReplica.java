package org.bftnfs.replication.replica;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;
import org.bftnfs.replication.protocol.NfsReplyCodec;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.CheckpointCertificate;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.FetchResult;
import org.bftnfs.statetransfer.SignedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of the replicated file service: the ordering engine's upcalls (paper Figure 1, {@code
 * execute}) on top of a {@link StateMachine} (a conformance wrapper).
 *
 * <p>Before ordering ({@link #verify}, at every replica, on arrival and when the leader proposes
 * it): only a well-formed request signed by a configured relay, whose relay clock is not more than
 * {@link #CLOCK_BOUND} ahead of this replica's clock, may be ordered. Nothing else reaches the
 * order, so no outsider can make the engine order (and every replica execute) anything.
 *
 * <p>For every ordered request: the relay's signature is checked (done once: the verdict of {@link
 * #verify} is remembered by request digest); the relay's request window decides whether it is new,
 * a retransmission of the same bytes (answered from the reply cache), a replay or a different
 * request under a used number (rejected); the agreed time is the engine's timestamp (chosen by the
 * leader) bounded to within {@link #CLOCK_BOUND} of the time the relay signed, then made strictly
 * monotonic — never the local clock; the state machine executes it; the reply is signed by this
 * replica and names the request by digest.
 *
 * <p>Snapshots (the engine's checkpoints) are small descriptors: the agreed clock, the request
 * windows, and the sequence number and root digest of a checkpoint of the abstract state taken by
 * {@link ReplicaCheckpoints} (incremental and copy-on-write: only the entries changed since the
 * previous checkpoint are re-hashed). Installing one fetches from the peers only the entries that
 * differ from this replica's and puts them into the backend with {@code putObjs} (paper §3.4). The
 * engine installs a descriptor only when f+1 replicas sent the same one, so its root is vouched for
 * by at least one correct replica.
 *
 * <p>A backend failure is answered with a signed {@link ReplyEnvelope.Kind#FAULT}, which never
 * matches a correct reply; the state machine then refuses further requests until repaired.
 */
public final class NfsReplica implements OrderedApplication {

  private static final Logger LOG = LoggerFactory.getLogger(NfsReplica.class);
  private static final long SNAPSHOT_MAGIC = 0x4246544e46535333L; // "BFTNFSS3"

  /**
   * How far the agreed time of a request may be from the relay's clock when it signed it, and how
   * far ahead of a replica's clock a relay's clock may be for its request to be ordered. Correct
   * replicas' and relays' clocks must agree within this bound.
   */
  public static final Duration CLOCK_BOUND = Duration.ofSeconds(30);

  /** How many verified requests are remembered between {@link #verify} and their execution. */
  static final int VERIFIED_MEMORY = 4096;

  private final int id;
  private final SigningKey key;
  private final RequestEnvelope.RelayKeys relays;
  private final StateMachine machine;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final ReplicaCheckpoints checkpoints;
  private final TreeMap<Integer, RequestWindow> windows = new TreeMap<>();
  private final Map<ByteBuffer, RequestEnvelope> verified =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, RequestEnvelope> eldest) {
          return size() > VERIFIED_MEMORY;
        }
      };
  private long refused;
  private long agreedNanos;
  // written under the lock; volatile so that reporting (lastExecutedConsensus) needs no lock
  private volatile long lastConsensus = -1;
  private volatile long repaired;
  private final CompletableFuture<FetchResult> installed = new CompletableFuture<>();

  /** Checkpoints installed from the peers since this replica started. */
  private final AtomicLong installs = new AtomicLong();

  /** How long {@link #snapshot} takes, by the local monotonic clock (reporting only). */
  private final CheckpointTimes checkpointTimes = new CheckpointTimes(System::nanoTime);

  private final CompletableFuture<String> faulted = new CompletableFuture<>();

  /** A replica with no peers to fetch state from (tests that never fetch a change). */
  public NfsReplica(
      int id, SigningKey key, RequestEnvelope.RelayKeys relays, StateMachine machine) {
    this(id, key, relays, machine, PeerSources.none());
  }

  /** A replica that fetches state from {@code peers}, with the default tree fan-out. */
  public NfsReplica(
      int id,
      SigningKey key,
      RequestEnvelope.RelayKeys relays,
      StateMachine machine,
      PeerSources peers) {
    this(id, key, relays, machine, Clock.systemUTC(), ReplicaCheckpoints.DEFAULT_FANOUT, peers);
  }

  /**
   * @param clock this replica's clock: read only by {@link #verify} and to date checkpoints for
   *     reporting (never for execution)
   * @param fanout the fan-out of the partition tree over the abstract state (the same at every
   *     replica)
   * @param peers where this replica fetches the checkpoint a snapshot names
   */
  public NfsReplica(
      int id,
      SigningKey key,
      RequestEnvelope.RelayKeys relays,
      StateMachine machine,
      Clock clock,
      int fanout,
      PeerSources peers) {
    this.id = id;
    this.key = key;
    this.relays = relays;
    this.machine = machine;
    this.clock = clock;
    this.checkpoints =
        new ReplicaCheckpoints(
            id,
            machine,
            fanout,
            peers,
            clock,
            key == null ? ReplicaCheckpoints.Signer.NONE : key::sign);
  }

  /**
   * The checkpoints, to serve to peers that fetch one: read them only while holding {@link
   * #lock()}.
   */
  public ReplicaCheckpoints checkpoints() {
    return checkpoints;
  }

  /** The lock this replica holds while it executes, takes checkpoints or installs state. */
  public ReentrantLock lock() {
    return lock;
  }

  /**
   * Scrubs up to {@code count} entries of the abstract state against the latest checkpoint and
   * repairs those whose backend value differs ({@link ReplicaCheckpoints#scrub}); runs between
   * executions, under the replica's lock. Never changes the agreed state: a repaired entry gets
   * back the value every correct replica has.
   */
  public ReplicaCheckpoints.Scrubbed scrub(int count) {
    lock.lock();
    try {
      ReplicaCheckpoints.Scrubbed result = checkpoints.scrub(count);
      repaired += result.repaired().size();
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records {@code certificate} as the latest stable checkpoint ({@link
   * ReplicaCheckpoints#markStable}), under the replica's lock. Changes nothing agreed: only which
   * checkpoints are kept for peers.
   *
   * @return whether it was recorded
   */
  public boolean markStable(CheckpointCertificate certificate) {
    lock.lock();
    try {
      return checkpoints.markStable(certificate);
    } finally {
      lock.unlock();
    }
  }

  /**
   * This replica's signed statement of its checkpoint {@code seq}, or null when it keeps none: what
   * its state-transfer server answers STATEMENT. Takes the replica's lock.
   */
  public SignedStatement statement(long seq) {
    lock.lock();
    try {
      return checkpoints.statement(seq);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Completes, with the wrapper's message, at the first {@code FAULT} this replica answered (its
   * backend failed during an execution): the replica refuses further calls until repaired, so
   * whoever composes it should have it recovered (checked against, and repaired from, the state its
   * peers vouch for) rather than wait for someone to restart it.
   */
  public CompletionStage<String> faulted() {
    return faulted;
  }

  private void faulty(ReplicaFaultException f) {
    LOG.warn("replica {}: {}", id, f.getMessage());
    faulted.complete(f.getMessage());
  }

  /**
   * Completes when this replica first installed a checkpoint its peers vouched for (at start, the
   * state transfer that brings a restarted or recovering replica up to date), with what it fetched.
   */
  public CompletionStage<FetchResult> installed() {
    return installed;
  }

  /** The number of checkpoints installed from the peers since this replica started. Any thread. */
  public long installs() {
    return installs.get();
  }

  /**
   * How many entries the scrubber repaired since this replica started. Reporting: any thread, no
   * lock.
   */
  public long repairedEntries() {
    return repaired;
  }

  /**
   * The last consensus instance whose requests this replica executed, or whose checkpoint it
   * installed (-1: none yet). Reporting: any thread, no lock.
   */
  public long lastExecutedConsensus() {
    return lastConsensus;
  }

  /**
   * The checkpoints this replica keeps, oldest first, with their roots and when they were taken or
   * installed here by its local clock ({@link ReplicaCheckpoints#kept}). Reporting: any thread, no
   * lock.
   */
  public List<ReplicaCheckpoints.Taken> keptCheckpoints() {
    return checkpoints.kept();
  }

  /**
   * The checkpoints this replica took for the engine ({@link #snapshot}) and how long they took by
   * its local monotonic clock, from holding the lock to the descriptor encoded. Reporting: any
   * thread, no lock; never part of the agreed state or a reply.
   */
  public CheckpointTimes.Totals checkpointTimes() {
    return checkpointTimes.totals();
  }

  /** The latest checkpoint taken or installed; empty before the first. Reporting: any thread. */
  public Optional<ReplicaCheckpoints.Taken> latestCheckpoint() {
    return checkpoints.latestTaken();
  }

  @Override
  public boolean verify(byte[] request) {
    RequestEnvelope e;
    try {
      e = RequestEnvelope.decode(request, relays);
    } catch (RequestEnvelope.Rejected r) {
      refuse(r.getMessage());
      return false;
    }
    long now = clock.millis();
    if (e.sentMillis() > now + CLOCK_BOUND.toMillis()) {
      refuse(
          "relay "
              + e.relay()
              + " signed at "
              + e.sentMillis()
              + " ms, more than "
              + CLOCK_BOUND.toSeconds()
              + " s after this replica's clock ("
              + now
              + " ms)");
      return false;
    }
    synchronized (verified) {
      verified.put(ByteBuffer.wrap(RequestEnvelope.digest(request)), e);
    }
    return true;
  }

  private void refuse(String why) {
    long count;
    synchronized (verified) {
      count = ++refused;
    }
    // an attacker controls how often this happens: one line per power of two
    if (Long.bitCount(count) == 1) {
      LOG.warn("replica {}: refused to order a request ({} so far): {}", id, count, why);
    }
  }

  /** How many requests {@link #verify} refused so far. */
  public long refusedRequests() {
    synchronized (verified) {
      return refused;
    }
  }

  /** The envelope of {@code request}: remembered from {@link #verify}, or decoded now. */
  private RequestEnvelope envelope(byte[] request, byte[] digest) throws RequestEnvelope.Rejected {
    RequestEnvelope e;
    synchronized (verified) {
      e = verified.remove(ByteBuffer.wrap(digest));
    }
    return e != null ? e : RequestEnvelope.decode(request, relays);
  }

  @Override
  public byte[] executeOrdered(byte[] request, OrderContext context) {
    lock.lock();
    try {
      lastConsensus = Math.max(lastConsensus, context.consensusId());
      byte[] digest = RequestEnvelope.digest(request);
      RequestEnvelope e;
      try {
        e = envelope(request, digest);
      } catch (RequestEnvelope.Rejected r) {
        return reply(
            r.relay(), r.sequence(), digest, ReplyEnvelope.Kind.REJECTED, text(r.getMessage()));
      }
      RequestWindow window = windows.computeIfAbsent(e.relay(), r -> new RequestWindow());
      if (e.sequence() == RequestEnvelope.SEQUENCE_QUERY) {
        byte[] next = ByteBuffer.allocate(8).putLong(window.next()).array();
        return reply(e.relay(), e.sequence(), digest, ReplyEnvelope.Kind.REPLY, next);
      }
      RequestWindow.Verdict verdict = window.check(e.sequence(), digest);
      switch (verdict) {
        case CACHED:
          return reply(
              e.relay(),
              e.sequence(),
              digest,
              ReplyEnvelope.Kind.REPLY,
              window.cached(e.sequence()));
        case EXECUTE:
          break;
        default:
          return reply(
              e.relay(), e.sequence(), digest, ReplyEnvelope.Kind.REJECTED, text(verdict.reason()));
      }
      agreedNanos = agreedTime(agreedNanos, context.timestampMillis(), e.sentMillis());
      NfsReply result;
      try {
        result = machine.execute(e.call(), AgreedValues.ofEpochNanos(agreedNanos));
      } catch (ReplicaFaultException f) {
        faulty(f);
        return reply(
            e.relay(), e.sequence(), digest, ReplyEnvelope.Kind.FAULT, text(f.getMessage()));
      }
      byte[] content = NfsReplyCodec.encode(result);
      window.record(e.sequence(), digest, content);
      return reply(e.relay(), e.sequence(), digest, ReplyEnvelope.Kind.REPLY, content);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The agreed time (ns since the epoch) of the next ordered request: the leader's timestamp,
   * bounded to {@link #CLOCK_BOUND} around the time the relay signed the request (a faulty leader
   * cannot move the file system's clock further than that; a faulty relay cannot move it ahead of
   * correct replicas' clocks, which {@link #verify} bounds), then made monotonic by the one rule
   * for agreed time ({@link AgreedValues#after}). Deterministic: a function of agreed values only.
   */
  static long agreedTime(long previousNanos, long leaderMillis, long relayMillis) {
    long bound = CLOCK_BOUND.toMillis();
    long low = relayMillis < Long.MIN_VALUE + bound ? Long.MIN_VALUE : relayMillis - bound;
    long high = relayMillis > Long.MAX_VALUE - bound ? Long.MAX_VALUE : relayMillis + bound;
    long millis = Math.min(Math.max(leaderMillis, low), high);
    long nanos = Math.max(0, Math.min(millis, Long.MAX_VALUE / 1_000_000L)) * 1_000_000L;
    return AgreedValues.after(previousNanos, nanos);
  }

  @Override
  public byte[] executeUnordered(byte[] request) {
    lock.lock();
    try {
      byte[] digest = RequestEnvelope.digest(request);
      RequestEnvelope e;
      try {
        e = RequestEnvelope.decode(request, relays);
      } catch (RequestEnvelope.Rejected r) {
        return reply(
            r.relay(), r.sequence(), digest, ReplyEnvelope.Kind.REJECTED, text(r.getMessage()));
      }
      if (e.sequence() == RequestEnvelope.SEQUENCE_QUERY || !e.call().readOnly()) {
        return reply(
            e.relay(),
            e.sequence(),
            digest,
            ReplyEnvelope.Kind.REJECTED,
            text(ReplyEnvelope.ORDERED_ONLY));
      }
      try {
        NfsReply result = machine.execute(e.call(), AgreedValues.ofEpochNanos(agreedNanos));
        return reply(
            e.relay(),
            e.sequence(),
            digest,
            ReplyEnvelope.Kind.REPLY,
            NfsReplyCodec.encode(result));
      } catch (ReplicaFaultException f) {
        faulty(f);
        return reply(
            e.relay(), e.sequence(), digest, ReplyEnvelope.Kind.FAULT, text(f.getMessage()));
      }
    } finally {
      lock.unlock();
    }
  }

  private byte[] reply(
      int relay, long sequence, byte[] digest, ReplyEnvelope.Kind kind, byte[] detail) {
    return new ReplyEnvelope(id, relay, sequence, digest, kind, detail).encode(key);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The descriptor of a checkpoint taken now, at the last executed consensus instance: the agreed
   * clock, the request windows, and the checkpoint's sequence number and root digest (not the
   * objects: a replica that installs it fetches the ones it lacks).
   */
  @Override
  public byte[] snapshot() {
    lock.lock();
    try {
      long started = checkpointTimes.start();
      ReplicaCheckpoints.Checkpoint checkpoint = checkpoints.checkpoint(lastConsensus);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(SNAPSHOT_MAGIC);
      out.writeLong(agreedNanos);
      out.writeInt(windows.size());
      for (Map.Entry<Integer, RequestWindow> w : windows.entrySet()) {
        out.writeInt(w.getKey());
        out.writeLong(w.getValue().floor());
        out.writeInt(w.getValue().executed().size());
        for (Map.Entry<Long, RequestWindow.Executed> x : w.getValue().executed().entrySet()) {
          out.writeLong(x.getKey());
          writeBytes(out, x.getValue().digest());
          writeBytes(out, x.getValue().reply());
        }
      }
      out.writeInt(machine.capacity());
      out.writeInt(checkpoints.shape().fanout());
      out.writeLong(checkpoint.seq());
      out.write(checkpoint.root().toBytes());
      out.flush();
      byte[] descriptor = bytes.toByteArray();
      checkpointTimes.record(started);
      return descriptor;
    } catch (IOException e) {
      throw new IllegalStateException("snapshot encoding failed", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Brings this replica to the checkpoint a peer's {@link #snapshot} describes: fetches the entries
   * that differ (verified against the descriptor's root), installs them, then takes the agreed
   * clock and request windows.
   *
   * @throws IllegalArgumentException if {@code snapshot} is not a descriptor for this replica's
   *     state shape
   * @throws ReplicaFaultException if the checkpoint could not be fetched or installed
   */
  @Override
  public void install(byte[] snapshot) {
    lock.lock();
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(snapshot))) {
      if (in.readLong() != SNAPSHOT_MAGIC) {
        throw new IllegalArgumentException("not a bftnfs snapshot");
      }
      long clock = in.readLong();
      TreeMap<Integer, RequestWindow> newWindows = new TreeMap<>();
      int relays = in.readInt();
      for (int r = 0; r < relays; r++) {
        int relay = in.readInt();
        long floor = in.readLong();
        int n = in.readInt();
        TreeMap<Long, RequestWindow.Executed> executed = new TreeMap<>();
        for (int k = 0; k < n; k++) {
          long sequence = in.readLong();
          byte[] digest = readBytes(in);
          executed.put(sequence, new RequestWindow.Executed(digest, readBytes(in)));
        }
        newWindows.put(relay, RequestWindow.of(floor, executed));
      }
      int capacity = in.readInt();
      int fanout = in.readInt();
      if (capacity != machine.capacity() || fanout != checkpoints.shape().fanout()) {
        throw new IllegalArgumentException(
            "snapshot of "
                + capacity
                + " objects under a tree of fan-out "
                + fanout
                + "; this replica has "
                + machine.capacity()
                + " and "
                + checkpoints.shape().fanout());
      }
      long seq = in.readLong();
      byte[] root = new byte[Digest.LENGTH];
      in.readFully(root);
      FetchResult fetched =
          checkpoints.bringTo(new ReplicaCheckpoints.Checkpoint(seq, Digest.of(root)));
      agreedNanos = clock;
      lastConsensus = seq;
      windows.clear();
      windows.putAll(newWindows);
      installed.complete(fetched);
      installs.incrementAndGet();
      LOG.info(
          "replica {}: installed checkpoint {}: fetched {} objects ({} bytes) and {} tree nodes"
              + " from its peers, {} objects differed",
          id,
          seq,
          fetched.objectsFetched(),
          fetched.bytesFetched(),
          fetched.nodesFetched(),
          fetched.objects().size());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed snapshot", e);
    } finally {
      lock.unlock();
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < -1 || n > (256 << 20)) {
      throw new IOException("bad length " + n);
    }
    return n < 0 ? null : in.readNBytes(n);
  }
}
