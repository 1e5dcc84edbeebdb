package org.bftnfs.statetransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The partition tree of paper §3.4: the incremental, sparse tree computes the same digests as a
 * tree computed from scratch over every leaf, and stores only what differs from the all-free tree.
 */
class PartitionTreeTest {

  private static final int[] CAPACITIES = {1, 2, 7, 64, 100, 255, 257, 1000};
  private static final int[] FANOUTS = {2, 3, 16, 256};

  /**
   * Incremental root and every node equal the from-scratch tree after random sequences of changes
   * (updates, frees, dirty marks read from a source), over 300 seeds and shapes including
   * capacities that are not powers of the fan-out.
   */
  @Test
  void incrementalEqualsFromScratchUnderRandomChanges() {
    for (int seed = 0; seed < 300; seed++) {
      Random r = new Random(seed);
      TreeShape shape =
          new TreeShape(
              CAPACITIES[r.nextInt(CAPACITIES.length)],
              FANOUTS[r.nextInt(FANOUTS.length)],
              Model.FREE);
      Model model = new Model(shape);
      PartitionTree tree = new PartitionTree(shape);
      int rounds = 1 + r.nextInt(4);
      for (int round = 0; round < rounds; round++) {
        int changes = r.nextInt(2 * shape.capacity() + 1);
        for (int c = 0; c < changes; c++) {
          int i = r.nextInt(shape.capacity());
          byte[] v = r.nextInt(4) == 0 ? shape.freeEncoding() : Model.randomValue(r);
          model.put(i, v);
          if (r.nextBoolean()) {
            tree.update(i, v);
          } else {
            tree.markDirty(i);
          }
        }
        Digest root = tree.root(model::get);
        Scratch scratch = new Scratch(shape, model::get);
        assertThat(root).as("seed %d round %d %s", seed, round, shape).isEqualTo(scratch.root());
        for (int l = 0; l <= shape.height(); l++) {
          for (int j = 0; j < shape.nodesAt(l); j++) {
            assertThat(tree.node(l, j))
                .as("seed %d node %d/%d", seed, l, j)
                .isEqualTo(scratch.levels[l][j]);
          }
        }
        assertThat(tree.nonFreeLeaves(shape.height(), 0))
            .containsExactly(model.values.keySet().stream().mapToInt(x -> x).toArray());
        assertThat(tree.pending()).isZero();
      }
    }
  }

  /**
   * A tree of capacity 2^24 with 10 objects in use stores exactly the 10 leaves and their distinct
   * ancestors (at most 10 × (height + 1) nodes), and nothing once they are free again: free
   * subtrees cost one precomputed digest per level (§3.4).
   */
  @Test
  void freeSubtreesCostNothing() {
    for (int fanout : new int[] {16, 256}) {
      TreeShape shape = new TreeShape(1 << 24, fanout, Model.FREE);
      PartitionTree tree = new PartitionTree(shape);
      assertThat(tree.root()).isEqualTo(shape.emptyDigest(shape.height()));
      assertThat(tree.storedNodes()).isZero();
      Random r = new Random(fanout);
      Set<Long> paths = new HashSet<>();
      int[] used = new int[10];
      for (int n = 0; n < 10; n++) {
        int i = r.nextInt(shape.capacity());
        used[n] = i;
        tree.update(i, Model.randomValue(r));
        long j = i;
        for (int l = 0; l <= shape.height(); l++) {
          paths.add((long) l << 32 | j);
          j /= fanout;
        }
      }
      tree.root();
      assertThat(tree.storedNodes())
          .isEqualTo(paths.size())
          .isLessThanOrEqualTo(10 * (shape.height() + 1));
      assertThat(tree.nonFreeLeaves(shape.height(), 0)).containsExactlyInAnyOrder(used).isSorted();
      for (int i : used) {
        tree.update(i, Model.FREE);
      }
      assertThat(tree.root()).isEqualTo(shape.emptyDigest(shape.height()));
      assertThat(tree.storedNodes()).isZero();
    }
  }

  /** The children a tree serves hash to their parent's digest, the check a fetcher makes. */
  @Test
  void childrenHashToTheirParent() {
    TreeShape shape = new TreeShape(5000, 16, Model.FREE);
    PartitionTree tree = new PartitionTree(shape);
    Random r = new Random(7);
    for (int n = 0; n < 300; n++) {
      tree.update(r.nextInt(shape.capacity()), Model.randomValue(r));
    }
    tree.root();
    TreeHasher h = shape.newHasher();
    for (int l = 1; l <= shape.height(); l++) {
      for (int j = 0; j < shape.nodesAt(l); j++) {
        assertThat(h.inner(l, j, tree.children(l, j))).isEqualTo(tree.node(l, j));
      }
    }
  }

  /** Digests depend on the index and the value; the free encoding has the level-0 empty digest. */
  @Test
  void leafDigestsBindIndexAndValue() {
    TreeShape shape = new TreeShape(100, 4, Model.FREE);
    TreeHasher h = shape.newHasher();
    byte[] v = {1, 2, 3};
    assertThat(h.leaf(1, v)).isNotEqualTo(h.leaf(2, v));
    assertThat(h.leaf(1, v)).isNotEqualTo(h.leaf(1, new byte[] {1, 2, 4}));
    assertThat(h.leaf(5, Model.FREE)).isEqualTo(shape.emptyDigest(0));
    assertThat(new TreeShape(100, 4, new byte[] {9}).emptyDigest(2))
        .isNotEqualTo(shape.emptyDigest(2));
  }

  @Test
  void rootWithoutSourceRefusesDirtyMarks() {
    PartitionTree tree = new PartitionTree(new TreeShape(10, 2, Model.FREE));
    tree.markDirty(3);
    assertThatThrownBy(tree::root).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tree.markDirty(10)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.node(0, 10)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** Not an assertion: the time to re-hash after 1,000 changes at capacity 2^24. */
  @Test
  void printRootTimeAfter1000Changes() {
    for (int fanout : new int[] {16, 256}) {
      TreeShape shape = new TreeShape(1 << 24, fanout, Model.FREE);
      PartitionTree tree = new PartitionTree(shape);
      Random r = new Random(42);
      for (int n = 0; n < 100_000; n++) {
        tree.update(r.nextInt(shape.capacity()), Model.randomValue(r));
      }
      long t0 = System.nanoTime();
      tree.root();
      long first = System.nanoTime() - t0;
      long best = Long.MAX_VALUE;
      for (int rep = 0; rep < 5; rep++) {
        java.util.Map<Integer, byte[]> values = new java.util.HashMap<>();
        for (int n = 0; n < 1000; n++) {
          byte[] v = new byte[4096];
          r.nextBytes(v);
          v[0] = 1;
          values.put(r.nextInt(shape.capacity()), v);
        }
        long s = System.nanoTime();
        for (int i : values.keySet()) {
          tree.markDirty(i);
        }
        tree.root(values::get);
        best = Math.min(best, System.nanoTime() - s);
      }
      System.out.printf(
          "PartitionTree capacity 2^24 fanout %d, 100,000 objects in use (%d nodes stored,"
              + " first root %.0f ms): root after ~1,000 changes of 4 KiB, best of 5: %.2f ms%n",
          fanout, tree.storedNodes(), first / 1e6, best / 1e6);
    }
  }
}
