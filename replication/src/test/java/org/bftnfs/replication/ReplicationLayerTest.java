package org.bftnfs.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.replication.client.ReplicatedNfsService;
import org.bftnfs.replication.ordering.OrderedApplication;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.replication.replica.NfsReplica;
import org.bftnfs.replication.replica.PeerSources;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.CallOrigin;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.ServiceUnavailableException;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.spec.workload.RandomWorkload;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.StateSource;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.xdr.nfs.MKDIR3res;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replication layer above the ordering engine (paper §2.2): relay-signed requests, replica-
 * signed replies, f+1 (ordered) and 2f+1 (read-only) matching replies, duplicates never executed
 * twice, forged requests rejected alike everywhere, snapshots carrying the abstract state. The
 * engine is faked here; the integration tests run BFT-SMaRt.
 */
class ReplicationLayerTest {

  static final SpecConfig CONFIG = SpecConfig.defaults().withCapacity(100);
  static final int N = 4;

  /** The relay's clock: the time InMemoryOrdering's leader starts from. */
  static final Clock RELAY_CLOCK =
      Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  final SecureRandom random = new SecureRandom();
  final SigningKey relayKey = SigningKey.generate(random);
  final List<SigningKey> replicaKeys = new ArrayList<>();
  final List<StateMachine> machines = new ArrayList<>();
  final AtomicInteger executions = new AtomicInteger();
  ScheduledExecutorService timer;
  InMemoryOrdering ordering;
  ReplicatedNfsService service;

  @BeforeEach
  void cluster() {
    List<OrderedApplication> apps = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      replicaKeys.add(SigningKey.generate(random));
      StateMachine m = counting(StateMachine.reference(CONFIG), i == 0);
      machines.add(m);
      apps.add(
          new NfsReplica(i, replicaKeys.get(i), id -> id == 7 ? relayKey.verifyingKey() : null, m));
    }
    ordering = new InMemoryOrdering(apps, 1);
    timer = Executors.newSingleThreadScheduledExecutor();
    service =
        new ReplicatedNfsService(
            ordering,
            7,
            relayKey,
            id -> id >= 0 && id < N ? replicaKeys.get(id).verifyingKey() : null,
            timer,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            1000,
            RELAY_CLOCK);
  }

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private StateMachine counting(StateMachine m, boolean count) {
    return new StateMachine() {
      @Override
      public NfsReply execute(NfsCall call, AgreedValues agreed) {
        if (count && !call.readOnly()) {
          executions.incrementAndGet();
        }
        return m.execute(call, agreed);
      }

      @Override
      public int capacity() {
        return m.capacity();
      }

      @Override
      public int extent() {
        return m.extent();
      }

      @Override
      public byte[] getObj(int index) {
        return m.getObj(index);
      }

      @Override
      public void putObjs(List<ObjectValue> values) {
        m.putObjs(values);
      }

      @Override
      public void setModifyListener(org.bftnfs.spec.AbstractState.ModifyListener listener) {
        m.setModifyListener(listener);
      }

      @Override
      public void close() {}
    };
  }

  private void runWorkload(long seed, int ops) throws Exception {
    RandomWorkload w = new RandomWorkload(seed, CONFIG.handles(), 10_000);
    for (int i = 0; i < ops; i++) {
      NfsCall call = w.next();
      NfsReply r = service.invoke(call).toCompletableFuture().get();
      w.observe(call, r);
    }
  }

  private void assertReplicasAgree() {
    for (int e = 0; e < CONFIG.capacity(); e++) {
      byte[] first = machines.get(0).getObj(e);
      for (int i = 1; i < N; i++) {
        assertThat(machines.get(i).getObj(e)).as("replica %d entry %d", i, e).isEqualTo(first);
      }
    }
  }

  @Test
  void aWorkloadLeavesEveryReplicaInTheSameState() throws Exception {
    runWorkload(1, 600);
    assertReplicasAgree();
    assertThat(service.disagreements()).as("honest replicas never disagree").isZero();
  }

  @Test
  void aLyingReplicaIsOutvotedEvenWhenItAnswersFirst() throws Exception {
    List<byte[]> honest = new ArrayList<>();
    ordering.tamper.set(
        0,
        r -> {
          honest.add(ReplyEnvelope.decode(0, r, id -> replicaKeys.get(id).verifyingKey()).detail());
          return r;
        });
    // replica 3 signs wrong results (every byte of the reply detail flipped) and answers first
    ordering.order = new int[] {3, 0, 1, 2};
    ordering.tamper.set(
        3,
        r -> {
          ReplyEnvelope e = ReplyEnvelope.decode(3, r, id -> replicaKeys.get(id).verifyingKey());
          byte[] lie = e.detail().clone();
          for (int i = 0; i < lie.length; i++) {
            lie[i] ^= 0x5a;
          }
          return new ReplyEnvelope(3, e.relay(), e.sequence(), e.request(), e.kind(), lie)
              .encode(replicaKeys.get(3));
        });
    RandomWorkload w = new RandomWorkload(2, CONFIG.handles(), 10_000);
    int ordered = 0;
    for (int i = 0; i < 300; i++) {
      NfsCall call = w.next();
      honest.clear();
      NfsReply r = service.invoke(call).toCompletableFuture().get();
      w.observe(call, r);
      assertThat(org.bftnfs.replication.protocol.NfsReplyCodec.encode(r))
          .as("call %d", i)
          .isEqualTo(honest.get(honest.size() - 1));
      ordered += call.readOnly() ? 0 : 1;
    }
    // every ordered call saw the liar disagree (the fake engine delivers every reply at once)
    assertThat(ordered).isPositive();
    assertThat(service.disagreements()).isGreaterThanOrEqualTo(ordered);
  }

  /**
   * With a replica down, a call that was answered is let go once the relay stops listening for late
   * replies, though its attempt's timeout task stays queued (a relay of 256 MiB ran out of memory
   * when each answered 1 MiB WRITE stayed reachable from that task for the 10 s timeout). The timer
   * here runs nothing by itself: the test runs the late-reply task and keeps the timeout task
   * queued.
   */
  @Test
  void anAnsweredCallIsLetGoWhileAReplicaIsDown() throws Exception {
    ManualTimer manual = new ManualTimer();
    ReplicatedNfsService withManualTimer =
        new ReplicatedNfsService(
            ordering,
            7,
            relayKey,
            id -> id >= 0 && id < N ? replicaKeys.get(id).verifyingKey() : null,
            manual,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            1000,
            RELAY_CLOCK);
    ordering.down[3] = true;
    NfsCall mkdir = mkdirCall("kept");
    java.lang.ref.WeakReference<byte[]> arguments =
        new java.lang.ref.WeakReference<>(mkdir.arguments());
    assertThat(status(withManualTimer.invoke(mkdir).toCompletableFuture().get())).isZero();
    mkdir = null;
    int ran = manual.runDue(ReplicatedNfsService.LATE_REPLIES);
    assertThat(ran).as("the late-reply listener ran").isEqualTo(1);
    assertThat(manual.queued()).as("the attempt's timeout task is still queued").isEqualTo(1);
    for (int i = 0; i < 20 && arguments.get() != null; i++) {
      System.gc();
    }
    assertThat(arguments.get()).as("the answered call's arguments are unreachable").isNull();
  }

  /** A scheduler that only records tasks; a test runs those due within a delay. */
  private static final class ManualTimer extends java.util.concurrent.ScheduledThreadPoolExecutor {
    private final List<Object[]> tasks = new ArrayList<>();

    ManualTimer() {
      super(1);
    }

    @Override
    public synchronized java.util.concurrent.ScheduledFuture<?> schedule(
        Runnable task, long delay, java.util.concurrent.TimeUnit unit) {
      tasks.add(new Object[] {task, unit.toNanos(delay)});
      return new java.util.concurrent.ScheduledFuture<Object>() {
        @Override
        public long getDelay(java.util.concurrent.TimeUnit u) {
          return 0;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
          return 0;
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
          return false; // like a queue that keeps cancelled tasks until they are due
        }

        @Override
        public boolean isCancelled() {
          return false;
        }

        @Override
        public boolean isDone() {
          return false;
        }

        @Override
        public Object get() {
          throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, java.util.concurrent.TimeUnit u) {
          throw new UnsupportedOperationException();
        }
      };
    }

    /** Runs (and forgets) the tasks due within {@code delay}; returns how many. */
    synchronized int runDue(Duration delay) {
      List<Runnable> due = new ArrayList<>();
      tasks.removeIf(
          t -> {
            if ((long) t[1] <= delay.toNanos()) {
              due.add((Runnable) t[0]);
              return true;
            }
            return false;
          });
      due.forEach(Runnable::run);
      return due.size();
    }

    synchronized int queued() {
      return tasks.size();
    }
  }

  @Test
  void anOrderedCallNeedsExactlyFPlusOneMatchingReplies() throws Exception {
    ordering.down[2] = true;
    ordering.down[3] = true;
    NfsReply two = service.invoke(mkdirCall("two")).toCompletableFuture().get();
    assertThat(status(two)).as("f+1 = 2 matching replies suffice").isZero();

    ordering.down[1] = true;
    CompletableFuture<NfsReply> one = service.invoke(mkdirCall("one")).toCompletableFuture();
    assertThatThrownBy(one::get)
        .as("f = 1 reply never suffices")
        .hasCauseInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void aReadOnlyCallTakesTheUnorderedPathOnlyWith2FPlusOneMatchingReplies() throws Exception {
    NfsCall getattr = getattrRoot();
    service.invoke(getattr).toCompletableFuture().get();
    assertThat(ordering.unorderedInvocations).isEqualTo(1);
    assertThat(ordering.orderedInvocations).as("2f+1 = 3 unordered replies agreed").isZero();

    // replica 3 answers read-only calls from a different state: 3 of 4 still agree
    ordering.tamper.set(3, r -> differentDetail(3, r));
    service.invoke(getattr).toCompletableFuture().get();
    assertThat(ordering.orderedInvocations).isZero();

    // two replicas that differ: 2 < 2f+1 can agree, so the ordered path answers at once
    ordering.tamper.set(2, r -> differentDetail(2, r));
    CompletableFuture<NfsReply> read = service.invoke(getattr).toCompletableFuture();
    assertThat(read)
        .as("fell back without waiting for the unordered timeout (the fake engine is synchronous)")
        .isDone();
    assertThat(ordering.orderedInvocations).isEqualTo(1);
    assertThat(status(read.get())).isZero();
  }

  private byte[] differentDetail(int replica, byte[] reply) {
    ReplyEnvelope e =
        ReplyEnvelope.decode(replica, reply, id -> replicaKeys.get(id).verifyingKey());
    if (e.kind() != ReplyEnvelope.Kind.REPLY) {
      return reply;
    }
    byte[] other = Arrays.copyOf(e.detail(), e.detail().length + 1);
    return new ReplyEnvelope(replica, e.relay(), e.sequence(), e.request(), e.kind(), other)
        .encode(replicaKeys.get(replica));
  }

  @Test
  void oneReplicaDownStillServes() throws Exception {
    ordering.down[2] = true;
    runWorkload(3, 300);
    for (int e = 0; e < CONFIG.capacity(); e++) {
      assertThat(machines.get(1).getObj(e)).isEqualTo(machines.get(0).getObj(e));
    }
  }

  @Test
  void aForgedRequestIsNeverOrderedAndRejectedAlikeOnTheReadOnlyPath() {
    SigningKey mallory = SigningKey.generate(random);
    byte[] forged =
        new RequestEnvelope(7, 5000, RELAY_CLOCK.millis(), mkdirCall("forged")).encode(mallory);
    List<byte[]> ordered = new ArrayList<>();
    ordering.invoke(forged, false, (replica, bytes) -> ordered.add(bytes));
    assertThat(ordered).as("no replica answers: the request was never ordered").isEmpty();
    for (OrderedApplication replica : ordering.replicas) {
      assertThat(replica.verify(forged)).isFalse();
    }

    byte[] forgedRead =
        new RequestEnvelope(7, 5001, RELAY_CLOCK.millis(), getattrRoot()).encode(mallory);
    List<byte[]> contents = new ArrayList<>();
    ordering.invoke(
        forgedRead,
        true,
        (replica, bytes) -> {
          ReplyEnvelope e =
              ReplyEnvelope.decode(replica, bytes, id -> replicaKeys.get(id).verifyingKey());
          assertThat(e.kind()).isEqualTo(ReplyEnvelope.Kind.REJECTED);
          assertThat(e.answers(RequestEnvelope.digest(forgedRead))).isTrue();
          contents.add(e.content());
        });
    assertThat(contents).hasSize(N);
    for (byte[] c : contents) {
      assertThat(c).isEqualTo(contents.get(0));
    }
    assertThat(executions).hasValue(0);
  }

  @Test
  void aRequestSignedFarInTheFutureIsNotOrdered() {
    long future = System.currentTimeMillis() + NfsReplica.CLOCK_BOUND.toMillis() + 60_000;
    byte[] early = new RequestEnvelope(7, 5000, future, mkdirCall("early")).encode(relayKey);
    List<byte[]> replies = new ArrayList<>();
    ordering.invoke(early, false, (replica, bytes) -> replies.add(bytes));
    assertThat(replies).isEmpty();
    assertThat(executions).hasValue(0);
  }

  @Test
  void rejectionsOfRequestsForgedInARelaysNameNeverCountForTheRelaysOwnCall() throws Exception {
    // a forger gets replicas to reject its own bytes claiming relay 7 and the sequence number of
    // the relay's call, and gets those signed rejections to the relay ahead of the real replies
    SigningKey mallory = SigningKey.generate(random);
    for (int i = 0; i < N; i++) {
      int replica = i;
      ordering.inject.set(
          i,
          real -> {
            ReplyEnvelope e =
                ReplyEnvelope.decode(replica, real, id -> replicaKeys.get(id).verifyingKey());
            byte[] forged =
                new RequestEnvelope(7, e.sequence(), RELAY_CLOCK.millis(), nullCall())
                    .encode(mallory);
            return ordering.replicas.get(replica).executeUnordered(forged);
          });
    }
    NfsReply reply = service.invoke(mkdirCall("kept")).toCompletableFuture().get();
    assertThat(status(reply)).isZero();
  }

  @Test
  void aDifferentRequestUnderAUsedSequenceNumberIsRejectedNotAnsweredFromTheCache() {
    byte[] first =
        new RequestEnvelope(7, 77_000, RELAY_CLOCK.millis(), mkdirCall("first")).encode(relayKey);
    byte[] other =
        new RequestEnvelope(7, 77_000, RELAY_CLOCK.millis(), mkdirCall("other")).encode(relayKey);
    ordering.invoke(first, false, (r, b) -> {});
    int before = executions.get();
    List<ReplyEnvelope> replies = new ArrayList<>();
    ordering.invoke(
        other,
        false,
        (r, b) ->
            replies.add(ReplyEnvelope.decode(r, b, id -> replicaKeys.get(id).verifyingKey())));
    assertThat(replies).hasSize(N);
    assertThat(replies)
        .allSatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(ReplyEnvelope.Kind.REJECTED);
              assertThat(new String(e.detail(), StandardCharsets.UTF_8))
                  .contains("already used for another request");
            });
    assertThat(executions.get()).isEqualTo(before);
  }

  @Test
  void aLyingLeaderCannotMoveTheFileSystemClockBeyondTheBound() throws Exception {
    long tenYears = Duration.ofDays(3650).toMillis();
    ordering.leaderClock = () -> RELAY_CLOCK.millis() + tenYears;
    NfsReply created = service.invoke(mkdirCall("dated")).toCompletableFuture().get();
    MKDIR3res res = XdrCodec.decode(created.result(), new MKDIR3res());
    long mtime = Integer.toUnsignedLong(res.resok.obj_attributes.attributes.mtime.seconds);
    long relaySeconds = RELAY_CLOCK.millis() / 1000;
    assertThat(mtime).isBetween(relaySeconds, relaySeconds + NfsReplica.CLOCK_BOUND.toSeconds());

    ordering.leaderClock = () -> 0;
    NfsReply older = service.invoke(mkdirCall("dated-2")).toCompletableFuture().get();
    long mtime2 =
        Integer.toUnsignedLong(
            XdrCodec.decode(older.result(), new MKDIR3res())
                .resok
                .obj_attributes
                .attributes
                .mtime
                .seconds);
    assertThat(mtime2).as("time never runs backwards").isGreaterThanOrEqualTo(mtime);
  }

  @Test
  void aCallTheRelayGaveUpOnAndTheClientRetriedIsExecutedOnceAndAnsweredTruly() throws Exception {
    ReplicatedNfsService impatient =
        new ReplicatedNfsService(
            ordering,
            7,
            relayKey,
            id -> replicaKeys.get(id).verifyingKey(),
            timer,
            Duration.ofMillis(100),
            Duration.ofMillis(300),
            500_000,
            RELAY_CLOCK);
    CallOrigin client = new CallOrigin("192.0.2.1", 4242);
    ordering.hold = true; // the group cannot order now
    CompletableFuture<NfsReply> first =
        impatient.invoke(mkdirCall("once"), client).toCompletableFuture();
    assertThatThrownBy(first::get).hasCauseInstanceOf(ServiceUnavailableException.class);
    ordering.release(); // the group orders the request after all
    int executed = executions.get();

    // the client retries after JUKEBOX with a new XID: the same request, answered from the cache
    NfsReply retry =
        impatient
            .invoke(mkdirCall("once"), new CallOrigin("192.0.2.1", 4243))
            .toCompletableFuture()
            .get();
    assertThat(status(retry)).as("the real result of the MKDIR, not EEXIST").isZero();
    assertThat(executions.get()).as("not executed again").isEqualTo(executed);

    // a later, new MKDIR of the same name from the same client is a new call
    NfsReply again =
        impatient
            .invoke(mkdirCall("once"), new CallOrigin("192.0.2.1", 4244))
            .toCompletableFuture()
            .get();
    assertThat(status(again)).isEqualTo(nfsstat3.NFS3ERR_EXIST);
  }

  @Test
  void aRetransmissionWithTheSameXidIsTheSameRequest() throws Exception {
    CallOrigin client = new CallOrigin("192.0.2.7", 99);
    NfsReply first = service.invoke(mkdirCall("xid"), client).toCompletableFuture().get();
    int executed = executions.get();
    NfsReply again = service.invoke(mkdirCall("xid"), client).toCompletableFuture().get();
    assertThat(again.result()).isEqualTo(first.result());
    assertThat(executions.get()).isEqualTo(executed);
  }

  @Test
  void aRestartedRelayContinuesItsNumberingWhereTheReplicasSay() throws Exception {
    runWorkload(6, 20);
    long next =
        ReplicatedNfsService.nextSequence(
            ordering,
            7,
            relayKey,
            id -> replicaKeys.get(id).verifyingKey(),
            RELAY_CLOCK,
            Duration.ofSeconds(5));
    assertThat(next).as("above the 20 numbers used from 1000").isEqualTo(1020);
  }

  @Test
  void aReplayedRequestIsNeverExecutedTwice() throws Exception {
    runWorkload(4, 50);
    int before = executions.get();
    NfsCall mkdir = mkdirCall("replayed");
    byte[] envelope = new RequestEnvelope(7, 99_999, RELAY_CLOCK.millis(), mkdir).encode(relayKey);
    List<byte[]> first = new ArrayList<>();
    ordering.invoke(envelope, false, (r, b) -> first.add(b));
    List<byte[]> again = new ArrayList<>();
    ordering.invoke(envelope, false, (r, b) -> again.add(b));
    assertThat(executions.get()).isEqualTo(before + 1);
    for (int i = 0; i < N; i++) {
      assertThat(again.get(i))
          .as("replica %d answers the replay from its cache", i)
          .isEqualTo(first.get(i));
    }
    // an old sequence number the window has forgotten is rejected
    for (int k = 0; k < 4100; k++) {
      ordering.invoke(
          new RequestEnvelope(7, 200_000 + k, RELAY_CLOCK.millis(), nullCall()).encode(relayKey),
          false,
          (r, b) -> {});
    }
    List<ReplyEnvelope> late = new ArrayList<>();
    ordering.invoke(
        envelope,
        false,
        (r, b) -> late.add(ReplyEnvelope.decode(r, b, id -> replicaKeys.get(id).verifyingKey())));
    assertThat(late).allMatch(e -> e.kind() == ReplyEnvelope.Kind.REJECTED);
    assertThat(executions.get()).isEqualTo(before + 1);
  }

  /**
   * Paper §3.4: a snapshot is a small descriptor (clock, request windows, checkpoint number and
   * root digest); a fresh replica that installs it fetches the objects from its peers' checkpoints
   * — only those in use — and ends with the same abstract state and the same descriptor.
   */
  @Test
  void aSnapshotBringsAFreshReplicaToThePeersCheckpointByFetchingTheObjectsInUse()
      throws Exception {
    runWorkload(5, 400);
    List<NfsReplica> replicas = new ArrayList<>();
    for (OrderedApplication app : ordering.replicas) {
      replicas.add((NfsReplica) app);
    }
    byte[] snapshot = replicas.get(0).snapshot();
    for (NfsReplica r : replicas) {
      assertThat(r.snapshot())
          .as("every replica describes the same checkpoint")
          .isEqualTo(snapshot);
    }
    assertThat(replicas.get(0).checkpointTimes().taken())
        .as("each snapshot is timed (locally, outside the descriptor)")
        .isEqualTo(2);
    assertThat(replicas.get(1).checkpointTimes().taken()).isEqualTo(1);
    assertThat(replicas.get(1).checkpointTimes().totalNanos())
        .isEqualTo(replicas.get(1).checkpointTimes().lastNanos())
        .isNotNegative();
    NfsReplica alone =
        new NfsReplica(
            1, replicaKeys.get(1), id -> relayKey.verifyingKey(), StateMachine.reference(CONFIG));
    assertThatThrownBy(() -> alone.install(snapshot))
        .as("the descriptor does not carry the objects: without peers there is nothing to fetch")
        .isInstanceOf(ReplicaFaultException.class)
        .hasMessageContaining("could not fetch checkpoint");
    long inUse =
        java.util.stream.IntStream.range(0, CONFIG.capacity())
            .filter(
                e ->
                    !Arrays.equals(
                        machines.get(0).getObj(e),
                        org.bftnfs.spec.state.ObjectCodec.encode(0, null)))
            .count();

    StateMachine fresh = StateMachine.reference(CONFIG);
    NfsReplica newcomer =
        new NfsReplica(
            1,
            replicaKeys.get(1),
            id -> relayKey.verifyingKey(),
            fresh,
            seq -> PeerSources.of(peersAt(seq, replicas.get(0), replicas.get(2), replicas.get(3))));
    newcomer.install(snapshot);
    assertThat(newcomer.snapshot()).isEqualTo(snapshot);
    for (int e = 0; e < CONFIG.capacity(); e++) {
      assertThat(fresh.getObj(e)).isEqualTo(machines.get(0).getObj(e));
    }
    assertThat(inUse).as("the workload left objects in use").isGreaterThan(1);
  }

  /** In-memory sources over peers' checkpoints, as their state-transfer servers serve them. */
  private static java.util.SortedMap<Integer, StateSource> peersAt(long seq, NfsReplica... peers) {
    java.util.SortedMap<Integer, StateSource> sources = new java.util.TreeMap<>();
    for (int k = 0; k < peers.length; k++) {
      NfsReplica peer = peers[k];
      sources.put(
          k,
          new StateSource() {
            @Override
            public List<Digest> children(int level, int index) {
              return peer.checkpoints().store().at(seq).children(level, index);
            }

            @Override
            public byte[] object(int index) {
              return peer.checkpoints().store().at(seq).value(index);
            }
          });
    }
    return sources;
  }

  @Test
  void repliesFromUnknownOrWrongKeysNeverCount() {
    VerifyingKey k = replicaKeys.get(0).verifyingKey();
    byte[] signedByOne =
        new ReplyEnvelope(1, 7, 1, new byte[32], ReplyEnvelope.Kind.REPLY, new byte[4])
            .encode(replicaKeys.get(1));
    assertThat(ReplyEnvelope.decode(0, signedByOne, id -> k)).isNull();
    assertThat(ReplyEnvelope.decode(1, signedByOne, id -> k)).isNull();
    assertThat(ReplyEnvelope.decode(1, Arrays.copyOf(signedByOne, 10), id -> k)).isNull();
  }

  @Test
  void rejectedRequestsSurfaceAsAnErrorNotAReply() {
    ReplicatedNfsService stranger =
        new ReplicatedNfsService(
            ordering,
            8,
            relayKey,
            id -> replicaKeys.get(id).verifyingKey(),
            timer,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            1,
            RELAY_CLOCK);
    assertThatThrownBy(() -> stranger.invoke(getattrRoot()).toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("unknown relay 8");
    assertThatThrownBy(() -> stranger.invoke(mkdirCall("x")).toCompletableFuture().get())
        .as("never ordered: the relay gives up")
        .hasCauseInstanceOf(ServiceUnavailableException.class);
    assertThat(executions).hasValue(0);
  }

  @Test
  void aRelayWhoseRequestsTheReplicasRefuseLearnsWhyWhenItStarts() {
    assertThatThrownBy(
            () ->
                ReplicatedNfsService.nextSequence(
                    ordering,
                    8,
                    relayKey,
                    id -> replicaKeys.get(id).verifyingKey(),
                    RELAY_CLOCK,
                    Duration.ofMillis(200)))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("the replicas reject this relay's requests (unknown relay 8)");
  }

  private static int status(NfsReply reply) {
    return java.nio.ByteBuffer.wrap(reply.result()).getInt();
  }

  private static NfsCall getattrRoot() {
    return NfsCalls.getattr(CONFIG.handles().root());
  }

  private static NfsCall nullCall() {
    return NfsCalls.nullCall();
  }

  private static NfsCall mkdirCall(String name) {
    return NfsCalls.mkdir(CONFIG.handles().root(), name);
  }
}
