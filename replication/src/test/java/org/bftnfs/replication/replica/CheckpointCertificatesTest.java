package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.CheckpointCertificate;
import org.bftnfs.statetransfer.CheckpointStatement;
import org.bftnfs.statetransfer.SignatureVerifier;
import org.bftnfs.statetransfer.SignedStatement;
import org.bftnfs.statetransfer.rpc.ServedAnswers;
import org.bftnfs.statetransfer.rpc.StateTransferServer;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.junit.jupiter.api.Test;

/**
 * A replica's checkpoint statements as {@link ReplicaCheckpoints} signs and keeps them, and
 * certificates built over the state-transfer channel: four replicas on loopback, each serving its
 * signed statements (STATEMENT), each running a {@link CheckpointAgreementWatch} against the
 * others.
 */
class CheckpointCertificatesTest {

  private static final SpecConfig CONFIG = SpecConfig.defaults().withCapacity(4096);
  private static final byte[] ROOT = CONFIG.handles().root();
  private static final int F = 1;

  private final Map<StateMachine, Long> clocks = new IdentityHashMap<>();
  private final List<SigningKey> keys = new ArrayList<>();
  private final SignatureVerifier verifier;

  CheckpointCertificatesTest() {
    for (int r = 0; r < 4; r++) {
      byte[] seed = new byte[32];
      seed[1] = (byte) (r + 7);
      keys.add(SigningKey.fromSeed(seed));
    }
    List<VerifyingKey> pub = keys.stream().map(SigningKey::verifyingKey).toList();
    verifier = (r, st, sig) -> r >= 0 && r < pub.size() && pub.get(r).verifies(st, sig);
  }

  private ReplicaCheckpoints checkpoints(int id, StateMachine m) {
    return new ReplicaCheckpoints(
        id, m, 16, PeerSources.none(), Clock.systemUTC(), keys.get(id)::sign);
  }

  @Test
  void eachAgreedCheckpointIsSignedAndTheStableOneIsKept() {
    StateMachine m = StateMachine.reference(CONFIG);
    ReplicaCheckpoints c = checkpoints(0, m);
    c.checkpoint(-1);
    assertThat(c.statement(-1)).as("the state at start is no agreed point").isNull();
    createWithData(m, "a");
    ReplicaCheckpoints.Checkpoint first = c.checkpoint(10);
    SignedStatement s = c.statement(10);
    assertThat(s.statement()).isEqualTo(new CheckpointStatement(10, first.root()));
    assertThat(verifier.verify(0, s.statement().encode(), s.signature())).isTrue();
    assertThat(c.signedStatements()).containsExactly(s);

    CheckpointCertificate wrongRoot =
        CheckpointCertificate.of(new CheckpointStatement(10, c.store().rootAt(-1)));
    assertThat(c.markStable(wrongRoot)).isFalse();
    CheckpointCertificate cert = CheckpointCertificate.of(s.statement()).with(0, s.signature());
    assertThat(c.markStable(cert)).isTrue();
    assertThat(c.latestStable().orElseThrow().seq()).isEqualTo(10);

    for (int k = 1; k <= ReplicaCheckpoints.KEPT + 4; k++) {
      createWithData(m, "b-" + k);
      c.checkpoint(10 + 10L * k);
    }
    assertThat(c.store().has(10)).as("the stable checkpoint outlives the last KEPT").isTrue();
    assertThat(c.store().checkpoints()).hasSize(ReplicaCheckpoints.KEPT + 5);
    assertThat(c.statement(10)).isEqualTo(s);
    assertThat(c.markStable(cert)).as("not later than the recorded one").isFalse();

    SignedStatement later = c.statement(60);
    assertThat(c.markStable(CheckpointCertificate.of(later.statement()))).isTrue();
    createWithData(m, "c");
    c.checkpoint(1000);
    assertThat(c.store().has(10)).isFalse();
    assertThat(c.statement(10)).isNull();
    assertThat(c.store().checkpoints()[0]).isEqualTo(60);

    // stability lags: the stable checkpoint and every later one are kept, up to MAX_KEPT in all
    int k = 0;
    while (c.store().has(60)) {
      assertThat(c.store().checkpoints().length).isLessThanOrEqualTo(ReplicaCheckpoints.MAX_KEPT);
      createWithData(m, "d-" + ++k);
      c.checkpoint(1000 + k);
      assertThat(k).isLessThan(100);
    }
    assertThat(c.store().checkpoints()).hasSize(ReplicaCheckpoints.MAX_KEPT);
    assertThat(k).isEqualTo(ReplicaCheckpoints.MAX_KEPT + 1 - 9);
    createWithData(m, "e");
    c.checkpoint(5000);
    assertThat(c.store().checkpoints()).hasSize(ReplicaCheckpoints.KEPT);
  }

  /**
   * Over the channel: replica 3's state differs from the others' at checkpoint 5 (one more file);
   * its watch finds that the three others signed another root and reports it, while the other
   * replicas find checkpoint 5 stable (three valid signatures of their root).
   */
  @Test
  void overTheChannelAWrongReplicaIsFoundAndTheOthersReachStability() throws Exception {
    List<StateMachine> machines = new ArrayList<>();
    List<ReplicaCheckpoints> checkpoints = new ArrayList<>();
    List<ReentrantLock> locks = new ArrayList<>();
    List<StateTransferServer> servers = new ArrayList<>();
    Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
    try {
      for (int r = 0; r < 4; r++) {
        StateMachine m = StateMachine.reference(CONFIG);
        for (int i = 0; i < 20; i++) {
          createWithData(m, "file-" + i);
        }
        if (r == 3) {
          createWithData(m, "only-at-3");
        }
        ReplicaCheckpoints c = checkpoints(r, m);
        c.checkpoint(5);
        ReentrantLock lock = new ReentrantLock();
        StateTransferServer server =
            StateTransferServer.start(
                c.store(), c::statement, ServedAnswers.HONEST, lock, "127.0.0.1", 0);
        machines.add(m);
        checkpoints.add(c);
        locks.add(lock);
        servers.add(server);
        addresses.put(r, server.address());
      }
      List<CheckpointAgreementWatch.Round> rounds = new ArrayList<>();
      List<CheckpointAgreementWatch> watches = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        Map<Integer, InetSocketAddress> others = new TreeMap<>(addresses);
        others.remove(r);
        ReplicaCheckpoints c = checkpoints.get(r);
        try (RemoteStatementPeers peers = new RemoteStatementPeers(others, Duration.ofSeconds(5))) {
          CheckpointAgreementWatch w =
              new CheckpointAgreementWatch(
                  r, F, peers.ids(), peers, verifier, c::signedStatements, c::markStable);
          watches.add(w);
          rounds.add(w.check());
        }
      }
      for (int r = 0; r < 3; r++) {
        assertThat(rounds.get(r).divergence()).as("replica %d", r).isEmpty();
        assertThat(rounds.get(r).stable()).as("replica %d", r).isPresent();
        assertThat(rounds.get(r).stable().get().signatures().keySet()).containsExactly(0, 1, 2);
        assertThat(checkpoints.get(r).latestStable().orElseThrow().seq()).isEqualTo(5);
      }
      assertThat(rounds.get(3).stable()).isEmpty();
      assertThat(rounds.get(3).divergence()).isPresent();
      assertThat(rounds.get(3).divergence().get())
          .contains("checkpoint 5")
          .contains(checkpoints.get(3).store().rootAt(5).hex())
          .contains(checkpoints.get(0).store().rootAt(5).hex());
      assertThat(watches.get(3).diverged().toCompletableFuture()).isDone();
      assertThat(checkpoints.get(3).latestStable()).isEmpty();
      for (StateTransferServer s : servers) {
        assertThat(s.statementsServed()).isEqualTo(3);
      }
    } finally {
      for (StateTransferServer s : servers) {
        s.close();
      }
    }
  }

  private void createWithData(StateMachine m, String name) {
    NfsCall create = NfsCalls.create(ROOT, name, true);
    byte[] file;
    try {
      file = NfsCalls.createdHandle(m.execute(create, next(m)));
    } catch (Exception e) {
      throw new AssertionError("CREATE " + name, e);
    }
    m.execute(
        NfsCalls.write(file, 0, ("contents of " + name).getBytes(StandardCharsets.UTF_8)), next(m));
  }

  private AgreedValues next(StateMachine m) {
    long t = clocks.merge(m, 1_700_000_000_000_000_000L, (old, ignored) -> old + 1_000);
    return AgreedValues.ofEpochNanos(t);
  }
}
