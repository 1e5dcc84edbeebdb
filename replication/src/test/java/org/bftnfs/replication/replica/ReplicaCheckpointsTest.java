package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.FetchResult;
import org.bftnfs.statetransfer.StateSource;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.junit.jupiter.api.Test;

/**
 * Paper §2.2 and §3.4 as the replica uses them: checkpoints follow the state machine's {@code
 * modify} announcements, and a replica brought to a peer's checkpoint fetches only the entries that
 * differ, verifies them, and refuses what a lying peer serves.
 */
class ReplicaCheckpointsTest {

  private static final SpecConfig CONFIG = SpecConfig.defaults().withCapacity(4096);
  private static final byte[] ROOT = CONFIG.handles().root();

  /** Each state machine's agreed clock: equal histories give equal states. */
  private final java.util.Map<StateMachine, Long> clocks = new java.util.IdentityHashMap<>();

  @Test
  void aReplicaBehindByAFewChangesFetchesOnlyThoseEntries() throws Exception {
    StateMachine ahead = StateMachine.reference(CONFIG);
    StateMachine behind = StateMachine.reference(CONFIG);
    ReplicaCheckpoints aheadCheckpoints = new ReplicaCheckpoints(0, ahead, 16, PeerSources.none());
    for (int i = 0; i < 200; i++) {
      createWithData(ahead, "common-" + i);
      createWithData(behind, "common-" + i);
    }
    ReplicaCheckpoints behindCheckpoints =
        new ReplicaCheckpoints(1, behind, 16, seq -> PeerSources.of(peers(seq, aheadCheckpoints)));
    for (int i = 0; i < 5; i++) {
      createWithData(ahead, "late-" + i);
    }
    ReplicaCheckpoints.Checkpoint target = aheadCheckpoints.checkpoint(7);

    FetchResult fetched = behindCheckpoints.bringTo(target);

    // five new files and the directory that names them; nothing of the 200 files both hold
    assertThat(fetched.objects().indices()).hasSize(6);
    assertThat(fetched.objectsFetched()).isEqualTo(6);
    assertThat(fetched.faulty()).isEmpty();
    for (int e = 0; e < CONFIG.capacity(); e++) {
      assertThat(behind.getObj(e)).as("entry %d", e).isEqualTo(ahead.getObj(e));
    }
    assertThat(behindCheckpoints.store().rootAt(7)).isEqualTo(target.root());
  }

  /**
   * At the default capacity (2^24 entries) a replica's start-up and first checkpoint read only the
   * entries ever used (below the state machine's extent), and a later checkpoint only what changed.
   */
  @Test
  void startUpAndCheckpointsReadTheEntriesUsedNotTheCapacity() {
    SpecConfig large = SpecConfig.defaults();
    assertThat(large.capacity()).isEqualTo(1 << 24);
    Corruptible machine = new Corruptible(StateMachine.reference(large));
    byte[] root = large.handles().root();
    for (int i = 0; i < 100; i++) {
      machine.execute(NfsCalls.create(root, "f-" + i, true), next(machine));
    }
    assertThat(machine.extent()).isEqualTo(101);

    ReplicaCheckpoints checkpoints = new ReplicaCheckpoints(0, machine, 16, PeerSources.none());
    assertThat(machine.reads).isZero();
    checkpoints.checkpoint(1);
    assertThat(machine.reads).isEqualTo(101); // each entry in use hashed once

    machine.reads = 0;
    machine.execute(NfsCalls.create(root, "late", true), next(machine));
    assertThat(machine.reads).isEqualTo(2);
    checkpoints.checkpoint(2);
    // the new file and the directory: their values copied for checkpoint 1, then hashed
    assertThat(machine.reads).isEqualTo(4);
    assertThat(checkpoints.store().copiedValues()).isEqualTo(2);
  }

  @Test
  void aLyingPeerIsReportedAndTheFetchConvergesFromAnHonestOne() throws Exception {
    StateMachine source = StateMachine.reference(CONFIG);
    ReplicaCheckpoints honest = new ReplicaCheckpoints(0, source, 16, PeerSources.none());
    StateMachine other = StateMachine.reference(CONFIG);
    ReplicaCheckpoints liar = new ReplicaCheckpoints(2, other, 16, PeerSources.none());
    for (int i = 0; i < 20; i++) {
      createWithData(source, "file-" + i);
      createWithData(other, "other-" + i);
    }
    ReplicaCheckpoints.Checkpoint target = honest.checkpoint(3);
    liar.checkpoint(3);
    StateMachine fresh = StateMachine.reference(CONFIG);
    ReplicaCheckpoints fetching =
        new ReplicaCheckpoints(
            1,
            fresh,
            16,
            seq -> {
              SortedMap<Integer, StateSource> sources = new TreeMap<>();
              sources.put(0, source(liar, seq)); // asked first
              sources.put(2, source(honest, seq));
              return PeerSources.of(sources);
            });

    FetchResult fetched = fetching.bringTo(target);

    assertThat(fetched.faulty()).containsExactly(0);
    for (int e = 0; e < CONFIG.capacity(); e++) {
      assertThat(fresh.getObj(e)).as("entry %d", e).isEqualTo(source.getObj(e));
    }
  }

  @Test
  void aReplicaThatRanPastItsLatestCheckpointGoesBackToIt() throws Exception {
    StateMachine peer = StateMachine.reference(CONFIG);
    ReplicaCheckpoints peerCheckpoints = new ReplicaCheckpoints(0, peer, 16, PeerSources.none());
    StateMachine mine = StateMachine.reference(CONFIG);
    ReplicaCheckpoints myCheckpoints =
        new ReplicaCheckpoints(1, mine, 16, seq -> PeerSources.of(peers(seq, peerCheckpoints)));
    for (int i = 0; i < 10; i++) {
      createWithData(peer, "f-" + i);
      createWithData(mine, "f-" + i);
    }
    ReplicaCheckpoints.Checkpoint ten = peerCheckpoints.checkpoint(10);
    assertThat(myCheckpoints.checkpoint(10)).isEqualTo(ten);
    createWithData(mine, "after-ten");

    myCheckpoints.bringTo(ten);

    for (int e = 0; e < CONFIG.capacity(); e++) {
      assertThat(mine.getObj(e)).as("entry %d", e).isEqualTo(peer.getObj(e));
    }
  }

  @Test
  void noPeerServingTheCheckpointIsAFaultNamingIt() {
    StateMachine source = StateMachine.reference(CONFIG);
    ReplicaCheckpoints peer = new ReplicaCheckpoints(0, source, 16, PeerSources.none());
    createWithData(source, "x");
    ReplicaCheckpoints.Checkpoint target = peer.checkpoint(4);
    ReplicaCheckpoints fetching =
        new ReplicaCheckpoints(
            1,
            StateMachine.reference(CONFIG),
            16,
            seq -> PeerSources.of(peers(seq + 1, peer))); // the peer does not hold that one

    assertThatThrownBy(() -> fetching.bringTo(target))
        .isInstanceOf(ReplicaFaultException.class)
        .hasMessageContaining("could not fetch checkpoint 4");
  }

  @Test
  void equalStatesHaveEqualCheckpointsAndAnIdleReplicaKeepsItsLatest() {
    StateMachine a = StateMachine.reference(CONFIG);
    StateMachine b = StateMachine.reference(CONFIG);
    ReplicaCheckpoints ca = new ReplicaCheckpoints(0, a, 16, PeerSources.none());
    createWithData(a, "same");
    createWithData(b, "same");
    ReplicaCheckpoints cb = new ReplicaCheckpoints(1, b, 16, PeerSources.none());

    ReplicaCheckpoints.Checkpoint first = ca.checkpoint(5);
    assertThat(cb.checkpoint(5)).isEqualTo(first);
    assertThat(ca.checkpoint(5)).as("nothing executed since").isEqualTo(first);
    assertThat(ca.checkpoint(2)).as("an older number names the latest").isEqualTo(first);
  }

  /**
   * Paper §3.4 (continuous check): an entry whose backend value changed behind the wrapper's back
   * is found by scrubbing and repaired with the checkpoint's value from a peer; the other entries
   * are untouched and the checkpoint's root is unchanged.
   */
  @Test
  void keptCheckpointsAreReportedWithTheirRootsAndWhenTheyWereTakenOrInstalled() throws Exception {
    java.util.concurrent.atomic.AtomicLong millis =
        new java.util.concurrent.atomic.AtomicLong(1000);
    java.time.Clock clock =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis.get());
          }
        };
    StateMachine m = StateMachine.reference(CONFIG);
    ReplicaCheckpoints c = new ReplicaCheckpoints(0, m, 16, PeerSources.none(), clock);
    assertThat(c.kept()).isEmpty();
    assertThat(c.latestTaken()).isEmpty();
    ReplicaCheckpoints.Checkpoint first = c.checkpoint(10);
    createWithData(m, "a");
    millis.set(2000);
    ReplicaCheckpoints.Checkpoint second = c.checkpoint(20);
    millis.set(3000);
    c.checkpoint(20); // idle: the latest is named again, not taken again
    assertThat(c.kept())
        .containsExactly(
            new ReplicaCheckpoints.Taken(10, first.root(), java.time.Instant.ofEpochMilli(1000)),
            new ReplicaCheckpoints.Taken(20, second.root(), java.time.Instant.ofEpochMilli(2000)));
    assertThat(c.latestTaken()).contains(c.kept().get(1));
    for (int k = 0; k < ReplicaCheckpoints.KEPT + 2; k++) {
      createWithData(m, "more-" + k);
      c.checkpoint(30 + k);
    }
    assertThat(c.kept()).hasSize(ReplicaCheckpoints.KEPT);
    assertThat(c.kept().get(0).seq()).isEqualTo(32);

    StateMachine behind = StateMachine.reference(CONFIG);
    ReplicaCheckpoints installing =
        new ReplicaCheckpoints(1, behind, 16, seq -> PeerSources.of(peers(seq, c)), clock);
    millis.set(5000);
    ReplicaCheckpoints.Taken latest = c.latestTaken().orElseThrow();
    installing.bringTo(new ReplicaCheckpoints.Checkpoint(latest.seq(), latest.root()));
    assertThat(installing.kept())
        .containsExactly(
            new ReplicaCheckpoints.Taken(
                latest.seq(), latest.root(), java.time.Instant.ofEpochMilli(5000)));
  }

  /**
   * A recovering replica takes checkpoint -1 of the state it read from disk; once it installs a
   * vouched checkpoint, that local state was replaced: it is neither kept nor reported (operators
   * compared it across replicas and saw roots "disagree" where each disk simply differed).
   */
  @Test
  void installingACheckpointDiscardsTheStateTheReplicaStartedFrom() throws Exception {
    StateMachine ahead = StateMachine.reference(CONFIG);
    ReplicaCheckpoints source = new ReplicaCheckpoints(0, ahead, 16, PeerSources.none());
    createWithData(ahead, "new");
    ReplicaCheckpoints.Checkpoint target = source.checkpoint(40);

    StateMachine fromDisk = StateMachine.reference(CONFIG);
    createWithData(fromDisk, "old");
    ReplicaCheckpoints recovering =
        new ReplicaCheckpoints(1, fromDisk, 16, seq -> PeerSources.of(peers(seq, source)));
    ReplicaCheckpoints.Checkpoint atStart = recovering.checkpoint(-1);
    assertThat(atStart.root()).isNotEqualTo(target.root());

    recovering.bringTo(target);

    assertThat(recovering.kept())
        .extracting(ReplicaCheckpoints.Taken::seq)
        .containsExactly(target.seq());
    assertThat(recovering.store().has(-1)).isFalse();
    assertThat(recovering.signedStatements()).isEmpty(); // no signer: nothing signed
  }

  @Test
  void scrubbingFindsAnEntryCorruptedBehindTheWrappersBackAndRepairsItFromAPeer() {
    StateMachine peer = StateMachine.reference(CONFIG);
    StateMachine honest = StateMachine.reference(CONFIG);
    Corruptible mine = new Corruptible(honest);
    ReplicaCheckpoints peerCheckpoints = new ReplicaCheckpoints(0, peer, 16, PeerSources.none());
    ReplicaCheckpoints myCheckpoints =
        new ReplicaCheckpoints(1, mine, 16, seq -> PeerSources.of(peers(seq, peerCheckpoints)));
    for (int i = 0; i < 30; i++) {
      createWithData(peer, "f-" + i);
      createWithData(mine, "f-" + i);
    }
    ReplicaCheckpoints.Checkpoint nine = peerCheckpoints.checkpoint(9);
    assertThat(myCheckpoints.checkpoint(9)).isEqualTo(nine);
    ReplicaCheckpoints.Scrubbed clean = myCheckpoints.scrub(100);
    assertThat(clean.checked()).isEqualTo(31); // 30 files and the root directory
    assertThat(clean.repaired()).isEmpty();

    int victim = 7;
    byte[] good = honest.getObj(victim);
    mine.corrupt(victim);

    ReplicaCheckpoints.Scrubbed found = myCheckpoints.scrub(100);

    assertThat(found.repaired()).containsExactly(victim);
    assertThat(found.unrepaired()).isEmpty();
    assertThat(mine.getObj(victim)).isEqualTo(good);
    assertThat(myCheckpoints.store().rootAt(9)).isEqualTo(nine.root());
    assertThat(myCheckpoints.store().current().root()).isEqualTo(nine.root());
    assertThat(myCheckpoints.scrub(100).repaired()).as("nothing left to repair").isEmpty();
  }

  @Test
  void anEntryNoPeerServesStaysReportedAsUnrepaired() {
    StateMachine honest = StateMachine.reference(CONFIG);
    Corruptible mine = new Corruptible(honest);
    ReplicaCheckpoints alone = new ReplicaCheckpoints(1, mine, 16, PeerSources.none());
    createWithData(mine, "only");
    alone.checkpoint(1);
    mine.corrupt(1);

    ReplicaCheckpoints.Scrubbed found = alone.scrub(10);

    assertThat(found.repaired()).isEmpty();
    assertThat(found.unrepaired()).containsExactly(1);
  }

  /** A state machine whose backend value of one entry can be changed behind its back. */
  private static final class Corruptible extends ForwardingStateMachine {
    private final java.util.Set<Integer> corrupted = new java.util.HashSet<>();
    int reads;

    Corruptible(StateMachine honest) {
      super(honest);
    }

    void corrupt(int index) {
      corrupted.add(index);
    }

    @Override
    public byte[] getObj(int index) {
      reads++;
      byte[] value = honest.getObj(index);
      if (corrupted.contains(index)) {
        value[value.length - 1] ^= 0x5a; // one byte of its value, changed on disk
      }
      return value;
    }

    @Override
    public void writeObj(int index, java.io.OutputStream out) throws java.io.IOException {
      out.write(getObj(index)); // what is read from the backend, corruption included
    }

    @Override
    public void putObjs(List<org.bftnfs.spec.upcall.ObjectValue> values) {
      honest.putObjs(values);
      values.forEach(v -> corrupted.remove(v.index()));
    }
  }

  private void createWithData(StateMachine m, String name) {
    NfsCall create = NfsCalls.create(ROOT, name, true);
    NfsReply created = m.execute(create, next(m));
    byte[] file;
    try {
      file = NfsCalls.createdHandle(created);
    } catch (Exception e) {
      throw new AssertionError("CREATE " + name + " answered " + created, e);
    }
    m.execute(
        NfsCalls.write(
            file, 0, ("contents of " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        next(m));
  }

  private AgreedValues next(StateMachine m) {
    long t = clocks.merge(m, 1_700_000_000_000_000_000L, (old, ignored) -> old + 1_000);
    return AgreedValues.ofEpochNanos(t);
  }

  private static SortedMap<Integer, StateSource> peers(long seq, ReplicaCheckpoints... peers) {
    SortedMap<Integer, StateSource> sources = new TreeMap<>();
    for (int k = 0; k < peers.length; k++) {
      sources.put(k == 0 ? 0 : k + 1, source(peers[k], seq));
    }
    return sources;
  }

  /** A peer's checkpoint as its state-transfer server serves it (null when it does not hold it). */
  private static StateSource source(ReplicaCheckpoints peer, long seq) {
    return new StateSource() {
      @Override
      public List<Digest> children(int level, int index) {
        return peer.store().has(seq) ? peer.store().at(seq).children(level, index) : null;
      }

      @Override
      public byte[] object(int index) {
        return peer.store().has(seq) ? peer.store().at(seq).value(index) : null;
      }
    };
  }
}
