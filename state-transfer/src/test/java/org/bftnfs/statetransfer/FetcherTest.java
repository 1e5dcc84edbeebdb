package org.bftnfs.statetransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hierarchical fetch of paper §3.4: a replica behind fetches from its peers' copy-on-write
 * checkpoints (§2.2) only the objects that differ, verifying every digest and value against the
 * root vouched for from above, and drops and reports peers that answer wrongly.
 */
class FetcherTest {

  /** An honest peer: answers from a checkpoint of a {@link CheckpointStore}; counts requests. */
  static class Honest implements StateSource {
    final CheckpointView view;
    int requests;

    Honest(CheckpointView view) {
      this.view = view;
    }

    @Override
    public List<Digest> children(int level, int index) {
      requests++;
      return view.children(level, index);
    }

    @Override
    public byte[] object(int index) {
      requests++;
      return view.value(index);
    }
  }

  /** Serves a wrong digest among the children of every node (the objects are right). */
  static final class WrongDigests extends Honest {
    WrongDigests(CheckpointView view) {
      super(view);
    }

    @Override
    public List<Digest> children(int level, int index) {
      List<Digest> c = new ArrayList<>(super.children(level, index));
      byte[] d = c.get(0).toBytes();
      d[31] ^= 1;
      c.set(0, Digest.of(d));
      return c;
    }
  }

  /** Serves wrong values for objects (the digests are right). */
  static final class WrongObjects extends Honest {
    WrongObjects(CheckpointView view) {
      super(view);
    }

    @Override
    public byte[] object(int index) {
      byte[] v = super.object(index);
      v[v.length - 1] ^= 1;
      return v;
    }
  }

  /** Never answers. */
  static final class Silent extends Honest {
    Silent(CheckpointView view) {
      super(view);
    }

    @Override
    public List<Digest> children(int level, int index) {
      requests++;
      return null;
    }

    @Override
    public byte[] object(int index) {
      requests++;
      return null;
    }
  }

  /** A group's state: a checkpoint store over a model, as the peers hold it. */
  private static final class Group {
    final Model state;
    final CheckpointStore store;

    Group(TreeShape shape) {
      state = new Model(shape);
      store = new CheckpointStore(shape, state::get);
    }

    void write(int i, byte[] v) {
      store.modify(i);
      state.put(i, v);
    }
  }

  private static TreeSet<Integer> differing(Model a, Model b) {
    TreeSet<Integer> out = new TreeSet<>(a.values.keySet());
    out.addAll(b.values.keySet());
    out.removeIf(i -> java.util.Arrays.equals(a.get(i), b.get(i)));
    return out;
  }

  /**
   * n = 7 (f = 2): peer 1 serves wrong digests, peer 2 wrong objects, peers 3 to 6 are honest. The
   * replica was at checkpoint 100 and the group moved on to 200 (and keeps writing after it); the
   * fetch returns exactly the objects changed in between, fetching only the changed objects that
   * are not free, reports peers 1 and 2, and installing the result gives the vouched root.
   */
  @Test
  void fetchAgainstByzantinePeersConvergesAndFetchesOnlyWhatChanged() throws Exception {
    TreeShape shape = new TreeShape(1 << 20, 16, Model.FREE);
    Random r = new Random(11);
    Group group = new Group(shape);
    for (int n = 0; n < 2000; n++) {
      group.write(r.nextInt(shape.capacity()), Model.randomValue(r));
    }
    group.store.checkpoint(100);
    Model behind = new Model(group.state);
    CheckpointStore local = new CheckpointStore(shape, behind::get);
    for (int i : behind.values.keySet()) {
      local.modify(i);
    }
    assertThat(local.checkpoint(100)).isEqualTo(group.store.rootAt(100));

    List<Integer> inUse = new ArrayList<>(group.state.values.keySet());
    for (int n = 0; n < 150; n++) {
      group.write(r.nextInt(shape.capacity()), Model.randomValue(r));
    }
    for (int n = 0; n < 50; n++) {
      group.write(inUse.get(r.nextInt(inUse.size())), Model.randomValue(r));
    }
    for (int n = 0; n < 30; n++) {
      group.write(inUse.get(r.nextInt(inUse.size())), shape.freeEncoding());
    }
    Digest vouched = group.store.checkpoint(200);
    Model at200 = new Model(group.state);
    for (int n = 0; n < 500; n++) { // the group runs ahead while the replica fetches
      group.write(r.nextInt(shape.capacity()), Model.randomValue(r));
    }
    group.store.checkpoint(300);
    TreeSet<Integer> changed = differing(behind, at200);
    long changedInUse = changed.stream().filter(at200.values::containsKey).count();

    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    CheckpointView view = group.store.at(200);
    peers.put(1, new WrongDigests(view));
    peers.put(2, new WrongObjects(view));
    List<Honest> honest = new ArrayList<>();
    for (int p = 3; p <= 6; p++) {
      Honest h = new Honest(view);
      honest.add(h);
      peers.put(p, h);
    }
    FetchResult result = new Fetcher(shape).fetch(vouched, local.current(), peers);

    assertThat(result.faulty()).containsExactly(1, 2);
    assertThat(result.silent()).isEmpty();
    assertThat(result.objects().indices()).containsExactlyElementsOf(changed);
    assertThat(result.objectsFetched()).isEqualTo(changedInUse);
    for (var e : result.objects().asMap().entrySet()) {
      assertThat(e.getValue()).isEqualTo(at200.get(e.getKey()));
    }
    assertThat(honest).allSatisfy(h -> assertThat(h.requests).isGreaterThan(10));
    for (var e : result.objects().asMap().entrySet()) { // putObjs, announced by modify
      local.modify(e.getKey());
      behind.put(e.getKey(), e.getValue());
    }
    assertThat(local.checkpoint(200)).isEqualTo(vouched);
    System.out.printf(
        "Fetch at capacity 2^20, %d objects in use, %d changed: %d objects (%d bytes) and %d"
            + " nodes (%d digest bytes) fetched, faulty %s%n",
        at200.values.size(),
        changed.size(),
        result.objectsFetched(),
        result.bytesFetched(),
        result.nodesFetched(),
        result.digestBytes(shape),
        result.faulty());
  }

  /** A replica whose state already equals the checkpoint asks nothing and fetches nothing. */
  @Test
  void equalStateFetchesNothing() throws Exception {
    TreeShape shape = new TreeShape(1 << 16, 256, Model.FREE);
    Group group = new Group(shape);
    Random r = new Random(5);
    for (int n = 0; n < 300; n++) {
      group.write(r.nextInt(shape.capacity()), Model.randomValue(r));
    }
    Digest vouched = group.store.checkpoint(7);
    Honest peer = new Honest(group.store.at(7));
    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    peers.put(1, peer);
    FetchResult result = new Fetcher(shape).fetch(vouched, group.store.current(), peers);
    assertThat(result.objects().isEmpty()).isTrue();
    assertThat(result.objectsFetched()).isZero();
    assertThat(result.nodesFetched()).isZero();
    assertThat(peer.requests).isZero();
  }

  /**
   * A replica that lost everything fetches every object in use; one whose objects must all become
   * free asks nothing (the vouched root is the empty one) and gets them back as free.
   */
  @Test
  void emptyReplicaFetchesEverythingAndFreeingNeedsNoRequest() throws Exception {
    TreeShape shape = new TreeShape(5000, 4, Model.FREE);
    Group group = new Group(shape);
    Random r = new Random(8);
    for (int n = 0; n < 400; n++) {
      group.write(r.nextInt(shape.capacity()), Model.randomValue(r));
    }
    Digest vouched = group.store.checkpoint(1);
    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    peers.put(0, new Silent(group.store.at(1)));
    peers.put(2, new Honest(group.store.at(1)));
    FetchResult all = new Fetcher(shape).fetch(vouched, new PartitionTree(shape), peers);
    assertThat(all.objects().indices()).containsExactlyElementsOf(group.state.values.keySet());
    assertThat(all.silent()).containsExactly(0);
    assertThat(all.faulty()).isEmpty();

    Honest counting = new Honest(group.store.at(1));
    SortedMap<Integer, StateSource> one = new TreeMap<>();
    one.put(1, counting);
    FetchResult freed =
        new Fetcher(shape).fetch(shape.emptyDigest(shape.height()), group.store.current(), one);
    assertThat(freed.objects().indices()).containsExactlyElementsOf(group.state.values.keySet());
    assertThat(freed.objects().asMap().values())
        .allSatisfy(v -> assertThat(v).isEqualTo(Model.FREE));
    assertThat(counting.requests).isZero();
  }

  /** With only lying or silent peers the fetch fails rather than return unverified state. */
  @Test
  void noCorrectPeerFails() {
    TreeShape shape = new TreeShape(100, 4, Model.FREE);
    Group group = new Group(shape);
    group.write(3, new byte[] {1, 2});
    Digest vouched = group.store.checkpoint(1);
    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    peers.put(0, new WrongObjects(group.store.at(1)));
    peers.put(1, new Silent(group.store.at(1)));
    assertThatThrownBy(() -> new Fetcher(shape).fetch(vouched, new PartitionTree(shape), peers))
        .isInstanceOf(FetchFailedException.class)
        .hasMessageContaining("object 3");
  }

  /**
   * Over 40 seeds: random shapes, states and changes, peers of random kinds (at least one honest);
   * the fetched objects are exactly the differing ones, every liar that was asked is reported, and
   * no honest peer is.
   */
  @Test
  void randomFetchesConverge() throws Exception {
    for (int seed = 0; seed < 40; seed++) {
      Random r = new Random(seed);
      TreeShape shape = new TreeShape(1 + r.nextInt(3000), 2 + r.nextInt(20), Model.FREE);
      Group group = new Group(shape);
      Model localState = new Model(shape);
      PartitionTree localTree = new PartitionTree(shape);
      for (int n = 0; n < r.nextInt(400); n++) {
        int i = r.nextInt(shape.capacity());
        byte[] v = Model.randomValue(r);
        group.write(i, v);
        if (r.nextInt(3) > 0) {
          localState.put(i, v);
          localTree.update(i, v);
        }
      }
      for (int n = 0; n < r.nextInt(20); n++) {
        int i = r.nextInt(shape.capacity());
        byte[] v = r.nextBoolean() ? Model.randomValue(r) : shape.freeEncoding();
        localState.put(i, v);
        localTree.update(i, v);
      }
      localTree.root();
      Digest vouched = group.store.checkpoint(1);
      CheckpointView view = group.store.at(1);
      SortedMap<Integer, StateSource> peers = new TreeMap<>();
      TreeSet<Integer> liars = new TreeSet<>();
      int n = 2 + r.nextInt(5);
      int honestPeer = r.nextInt(n);
      for (int p = 0; p < n; p++) {
        int kind = p == honestPeer ? 0 : r.nextInt(4);
        peers.put(
            p,
            switch (kind) {
              case 0 -> new Honest(view);
              case 1 -> new WrongDigests(view);
              case 2 -> new WrongObjects(view);
              default -> new Silent(view);
            });
        if (kind == 1 || kind == 2) {
          liars.add(p);
        }
      }
      FetchResult result = new Fetcher(shape).fetch(vouched, localTree, peers);
      assertThat(result.objects().indices())
          .as("seed %d", seed)
          .containsExactlyElementsOf(differing(localState, group.state));
      assertThat(liars).containsAll(result.faulty());
      assertThat(result.faulty()).doesNotContain(honestPeer);
      for (var e : result.objects().asMap().entrySet()) {
        localTree.update(e.getKey(), e.getValue());
      }
      assertThat(localTree.root()).isEqualTo(vouched);
    }
  }
}
