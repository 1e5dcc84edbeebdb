package org.bftnfs.statetransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy-on-write checkpoints (paper §2.2): after later writes, a checkpoint still serves its own
 * values and node digests, its root equals a tree computed from scratch over its values, and
 * discarding drops the copies (§2.2, "discarded ... and their copies"); the tree re-hashed at a
 * checkpoint is the incremental one of §3.4.
 */
class CheckpointStoreTest {

  /**
   * Over 40 seeds: random modifications, a checkpoint every k steps, re-hashes between checkpoints
   * (a peer asking for the current tree), random discards. After every step each kept checkpoint
   * serves its recorded values and every node of the from-scratch tree over them.
   */
  @Test
  void checkpointsServeTheirOwnStateWhileTheStateRunsAhead() {
    for (int seed = 0; seed < 40; seed++) {
      Random r = new Random(seed);
      TreeShape shape = new TreeShape(1 + r.nextInt(300), 2 + r.nextInt(6), Model.FREE);
      Model state = new Model(shape);
      CheckpointStore store = new CheckpointStore(shape, state::get);
      TreeMap<Long, Model> taken = new TreeMap<>();
      TreeMap<Long, Scratch> trees = new TreeMap<>();
      int k = 1 + r.nextInt(20);
      long seq = 0;
      for (int step = 0; step < 150; step++) {
        int changes = r.nextInt(4);
        for (int c = 0; c < changes; c++) {
          int i = r.nextInt(shape.capacity());
          store.modify(i);
          state.put(i, r.nextInt(5) == 0 ? shape.freeEncoding() : Model.randomValue(r));
        }
        seq++;
        if (seq % k == 0) {
          Digest root = store.checkpoint(seq);
          Model snapshot = new Model(state);
          Scratch scratch = new Scratch(shape, snapshot::get);
          assertThat(root).as("seed %d checkpoint %d", seed, seq).isEqualTo(scratch.root());
          taken.put(seq, snapshot);
          trees.put(seq, scratch);
        }
        if (r.nextInt(10) == 0) {
          assertThat(store.current().root()).isEqualTo(new Scratch(shape, state::get).root());
        }
        if (r.nextInt(30) == 0 && !taken.isEmpty()) {
          long keep = taken.lastKey() - k * r.nextInt(3);
          store.discardBefore(keep);
          taken.headMap(keep, false).clear();
          trees.headMap(keep, false).clear();
        }
        assertThat(store.checkpoints())
            .containsExactly(taken.keySet().stream().mapToLong(x -> x).toArray());
        for (long n : taken.keySet()) {
          Model snapshot = taken.get(n);
          for (int probe = 0; probe < 5; probe++) {
            int i = r.nextInt(shape.capacity());
            assertThat(store.valueAt(n, i))
                .as("seed %d value %d at %d", seed, i, n)
                .isEqualTo(snapshot.get(i));
          }
          Scratch scratch = trees.get(n);
          assertThat(store.rootAt(n)).as("seed %d root at %d", seed, n).isEqualTo(scratch.root());
          for (int l = 0; l <= shape.height(); l++) {
            int j = r.nextInt(shape.nodesAt(l));
            assertThat(store.nodeAt(n, l, j)).isEqualTo(scratch.levels[l][j]);
          }
        }
      }
      for (long n : taken.keySet()) {
        CheckpointView view = store.at(n);
        Model snapshot = taken.get(n);
        for (int i = 0; i < shape.capacity(); i++) {
          assertThat(view.value(i)).isEqualTo(snapshot.get(i));
        }
        assertThat(view.nonFreeLeaves(shape.height(), 0))
            .containsExactly(snapshot.values.keySet().stream().mapToInt(x -> x).toArray());
      }
    }
  }

  /**
   * With a spill directory, the copy of a large object changed after a checkpoint is streamed to a
   * file, not held (a 1 GiB file written after a checkpoint would otherwise be a 1 GiB copy on the
   * heap), is served back byte for byte, and goes when its checkpoint is discarded; small copies
   * stay in memory. {@link #discardAll} lets the next checkpoint reuse a number.
   */
  @Test
  void largeCopiesAreSpilledServedAndDeleted(@TempDir Path dir) throws Exception {
    TreeShape shape = new TreeShape(1 << 10, 16, Model.FREE);
    Model state = new Model(shape);
    List<Integer> wholeReads = new ArrayList<>();
    CheckpointStore store =
        new CheckpointStore(
            shape,
            i -> {
              wholeReads.add(i);
              return state.get(i);
            },
            (i, out) -> out.write(state.get(i)),
            dir);
    Random r = new Random(5);
    byte[] large = new byte[3 << 20];
    r.nextBytes(large);
    store.modify(1);
    state.put(1, large);
    store.modify(2);
    state.put(2, Model.randomValue(r));
    byte[] small = state.get(2);
    Digest root10 = store.checkpoint(10);
    store.modify(1);
    state.put(1, Model.randomValue(r));
    store.modify(2);
    state.put(2, Model.randomValue(r));
    assertThat(wholeReads).as("copies are streamed, not read whole").isEmpty();
    assertThat(store.copiedBytes()).isEqualTo(large.length + small.length);
    try (var files = Files.list(dir)) {
      assertThat(files).as("the spill file is unlinked while open").isEmpty();
    }
    assertThat(store.valueAt(10, 1)).isEqualTo(large);
    assertThat(store.valueAt(10, 2)).isEqualTo(small);
    assertThat(store.rootAt(10)).isEqualTo(root10);

    store.checkpoint(20);
    store.discardBefore(20);
    assertThat(store.copiedBytes()).isZero();
    store.discardAll();
    assertThat(store.checkpoints()).isEmpty();
    Digest again = store.checkpoint(20);
    assertThat(store.rootAt(20)).isEqualTo(again);
    assertThat(store.valueAt(20, 1)).isEqualTo(state.get(1));
  }

  /**
   * A large object's value is served in parts without being read whole: an object unchanged since
   * the checkpoint is copied once, as a stream, for that checkpoint, and its parts come from the
   * copy, also after the object changed; parts past the value's end are empty.
   */
  @Test
  void partsOfAValueComeFromOneStreamedCopyAsOfTheCheckpoint(@TempDir Path dir) {
    TreeShape shape = new TreeShape(1 << 10, 16, Model.FREE);
    Model state = new Model(shape);
    List<Integer> wholeReads = new ArrayList<>();
    List<Integer> streamedReads = new ArrayList<>();
    CheckpointStore store =
        new CheckpointStore(
            shape,
            i -> {
              wholeReads.add(i);
              return state.get(i);
            },
            (i, out) -> {
              streamedReads.add(i);
              out.write(state.get(i));
            },
            dir);
    byte[] large = new byte[(1 << 20) + 7];
    new Random(9).nextBytes(large);
    store.modify(3);
    state.put(3, large);
    store.checkpoint(10);
    streamedReads.clear();
    int part = 300_000;
    ByteArrayOutputStream parts = new ByteArrayOutputStream();
    for (long offset = 0; offset < large.length; offset += part) {
      CheckpointStore.ValuePart p = store.partAt(10, 3, offset, part);
      assertThat(p.length()).isEqualTo(large.length);
      parts.writeBytes(p.bytes());
      if (offset == 0) {
        store.modify(3); // the state runs ahead while the value is served
        state.put(3, Model.randomValue(new Random(1)));
      }
    }
    assertThat(parts.toByteArray()).isEqualTo(large);
    assertThat(streamedReads)
        .as(
            "a read that finds the value larger than a part, its copy to serve, its copy before the"
                + " change")
        .hasSize(3);
    assertThat(wholeReads).as("never read whole").isEmpty();
    assertThat(store.partAt(10, 3, large.length, part).bytes()).isEmpty();
    assertThat(store.partAt(10, 3, large.length + 5L, part).bytes()).isEmpty();
    streamedReads.clear();
    assertThat(store.partAt(10, 4, 0, part).bytes())
        .as("a free object's value")
        .isEqualTo(Model.FREE);
    assertThat(store.partAt(10, 4, 2, part).bytes()).containsExactly(Model.FREE[2], Model.FREE[3]);
    assertThat(streamedReads).as("a small value is read anew for each part, not copied").hasSize(2);
    store.checkpoint(20);
    store.discardBefore(20);
    assertThat(store.copiedBytes()).isZero();
  }

  /**
   * Copies are made once per object per checkpoint, only for objects changed, and discarding a
   * checkpoint frees them; a discarded checkpoint can no longer be read.
   */
  @Test
  void copiesAreOnePerChangedObjectAndDiscardingFreesThem() {
    TreeShape shape = new TreeShape(1 << 24, 16, Model.FREE);
    Model state = new Model(shape);
    CheckpointStore store = new CheckpointStore(shape, state::get);
    Random r = new Random(3);
    for (int i = 0; i < 10; i++) {
      store.modify(i * 1000);
      state.put(i * 1000, Model.randomValue(r));
    }
    store.modify(5);
    state.put(5, Model.randomValue(r));
    byte[] at100 = state.get(5);
    Digest root100 = store.checkpoint(100);
    assertThat(store.copiedValues()).isZero();
    for (int rep = 0; rep < 3; rep++) {
      store.modify(5);
      state.put(5, Model.randomValue(r));
    }
    store.modify(7);
    state.put(7, Model.randomValue(r));
    assertThat(store.copiedValues()).isEqualTo(2);
    store.checkpoint(200);
    assertThat(store.copiedNodes()).isBetween(2, 2 * (shape.height() + 1));
    store.modify(5);
    state.put(5, shape.freeEncoding());
    store.checkpoint(300);
    assertThat(store.valueAt(100, 5)).isEqualTo(at100);
    assertThat(store.valueAt(100, 7)).isEqualTo(shape.freeEncoding());
    assertThat(store.rootAt(100)).isEqualTo(root100);
    assertThat(store.copiedValues()).isEqualTo(3);

    store.discardBefore(300);
    assertThat(store.checkpoints()).containsExactly(300);
    assertThat(store.copiedValues()).isZero();
    assertThat(store.copiedNodes()).isZero();
    assertThatThrownBy(() -> store.valueAt(100, 5)).isInstanceOf(IllegalArgumentException.class);
    CheckpointView view = store.at(300);
    store.discardBefore(301);
    assertThatThrownBy(() -> view.value(5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.checkpoint(300)).isInstanceOf(IllegalArgumentException.class);
  }
}
