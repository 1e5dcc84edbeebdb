package org.bftnfs.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.bftnfs.replication.replica.StateMachine;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.workload.RandomWorkload;
import org.bftnfs.wrapper.ConformanceWrapper;
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
            1000);
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
      public byte[] getObj(int index) {
        return m.getObj(index);
      }

      @Override
      public void putObjs(List<ConformanceWrapper.ObjectValue> values) {
        m.putObjs(values);
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
  }

  @Test
  void aLyingReplicaIsOutvoted() throws Exception {
    List<byte[]> honest = new ArrayList<>();
    ordering.tamper.set(
        0,
        r -> {
          honest.add(ReplyEnvelope.decode(0, r, id -> replicaKeys.get(id).verifyingKey()).detail());
          return r;
        });
    // replica 3 signs wrong results: every byte of the reply detail flipped
    ordering.tamper.set(
        3,
        r -> {
          ReplyEnvelope e = ReplyEnvelope.decode(3, r, id -> replicaKeys.get(id).verifyingKey());
          byte[] lie = e.detail().clone();
          for (int i = 0; i < lie.length; i++) {
            lie[i] ^= 0x5a;
          }
          return new ReplyEnvelope(3, e.relay(), e.sequence(), e.kind(), lie)
              .encode(replicaKeys.get(3));
        });
    RandomWorkload w = new RandomWorkload(2, CONFIG.handles(), 10_000);
    for (int i = 0; i < 300; i++) {
      NfsCall call = w.next();
      honest.clear();
      NfsReply r = service.invoke(call).toCompletableFuture().get();
      w.observe(call, r);
      assertThat(org.bftnfs.replication.protocol.NfsReplyCodec.encode(r))
          .as("call %d", i)
          .isEqualTo(honest.get(honest.size() - 1));
    }
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
  void aForgedRequestIsRejectedAlikeByEveryReplica() {
    SigningKey mallory = SigningKey.generate(random);
    byte[] forged =
        new RequestEnvelope(
                7,
                5000,
                new NfsCall(8, org.bftnfs.spec.service.Credentials.unix(0, 0), new byte[8]))
            .encode(mallory);
    List<byte[]> contents = new ArrayList<>();
    ordering.invoke(
        forged,
        false,
        (replica, bytes) -> {
          ReplyEnvelope e =
              ReplyEnvelope.decode(replica, bytes, id -> replicaKeys.get(id).verifyingKey());
          assertThat(e.kind()).isEqualTo(ReplyEnvelope.Kind.REJECTED);
          contents.add(e.content());
        });
    assertThat(contents).hasSize(N);
    for (byte[] c : contents) {
      assertThat(c).isEqualTo(contents.get(0));
    }
    assertThat(executions).hasValue(0);
  }

  @Test
  void aReplayedRequestIsNeverExecutedTwice() throws Exception {
    runWorkload(4, 50);
    int before = executions.get();
    NfsCall mkdir = mkdirCall("replayed");
    byte[] envelope = new RequestEnvelope(7, 99_999, mkdir).encode(relayKey);
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
          new RequestEnvelope(7, 200_000 + k, nullCall()).encode(relayKey), false, (r, b) -> {});
    }
    List<ReplyEnvelope> late = new ArrayList<>();
    ordering.invoke(
        envelope,
        false,
        (r, b) -> late.add(ReplyEnvelope.decode(r, b, id -> replicaKeys.get(id).verifyingKey())));
    assertThat(late).allMatch(e -> e.kind() == ReplyEnvelope.Kind.REJECTED);
    assertThat(executions.get()).isEqualTo(before + 1);
  }

  @Test
  void aSnapshotCarriesTheStateToAFreshReplica() throws Exception {
    runWorkload(5, 400);
    byte[] snapshot = ordering.replicas.get(0).snapshot();
    StateMachine fresh = StateMachine.reference(CONFIG);
    NfsReplica newcomer =
        new NfsReplica(1, replicaKeys.get(1), id -> relayKey.verifyingKey(), fresh);
    newcomer.install(snapshot);
    assertThat(newcomer.snapshot()).isEqualTo(snapshot);
    for (int e = 0; e < CONFIG.capacity(); e++) {
      assertThat(fresh.getObj(e)).isEqualTo(machines.get(0).getObj(e));
    }
  }

  @Test
  void repliesFromUnknownOrWrongKeysNeverCount() {
    VerifyingKey k = replicaKeys.get(0).verifyingKey();
    byte[] signedByOne =
        new ReplyEnvelope(1, 7, 1, ReplyEnvelope.Kind.REPLY, new byte[4])
            .encode(replicaKeys.get(1));
    assertThat(ReplyEnvelope.decode(0, signedByOne, id -> k)).isNull();
    assertThat(ReplyEnvelope.decode(1, signedByOne, id -> k)).isNull();
    assertThat(ReplyEnvelope.decode(1, Arrays.copyOf(signedByOne, 10), id -> k)).isNull();
  }

  @Test
  void rejectedRequestsSurfaceAsAnErrorNotAReply() {
    NfsCall call = mkdirCall("x");
    ordering.tamper.replaceAll(t -> t);
    ReplicatedNfsService stranger =
        new ReplicatedNfsService(
            ordering,
            8,
            relayKey,
            id -> replicaKeys.get(id).verifyingKey(),
            timer,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            1);
    assertThatThrownBy(() -> stranger.invoke(call).toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("unknown relay 8");
  }

  private static NfsCall nullCall() {
    return new NfsCall(0, org.bftnfs.spec.service.Credentials.none(), new byte[0]);
  }

  private static NfsCall mkdirCall(String name) {
    org.bftnfs.xdr.nfs.MKDIR3args a = new org.bftnfs.xdr.nfs.MKDIR3args();
    a.where = new org.bftnfs.xdr.nfs.diropargs3();
    a.where.dir = new org.bftnfs.xdr.nfs.nfs_fh3();
    a.where.dir.data = CONFIG.handles().root();
    a.where.name = name.getBytes();
    a.attributes = new org.bftnfs.xdr.nfs.sattr3();
    a.attributes.mode = new org.bftnfs.xdr.nfs.set_mode3();
    a.attributes.uid = new org.bftnfs.xdr.nfs.set_uid3();
    a.attributes.gid = new org.bftnfs.xdr.nfs.set_gid3();
    a.attributes.size = new org.bftnfs.xdr.nfs.set_size3();
    a.attributes.atime = new org.bftnfs.xdr.nfs.set_atime();
    a.attributes.mtime = new org.bftnfs.xdr.nfs.set_mtime();
    return new NfsCall(
        9, org.bftnfs.spec.service.Credentials.unix(0, 0), org.bftnfs.spec.xdr.XdrCodec.encode(a));
  }
}
