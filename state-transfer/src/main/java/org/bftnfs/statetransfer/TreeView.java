package org.bftnfs.statetransfer;

import java.util.Arrays;
import java.util.List;

/**
 * Read access to the digests of one partition tree: the current one ({@link PartitionTree}) or the
 * one as of a checkpoint ({@link CheckpointStore#at(long)}). This is what a replica serves to
 * another that fetches state, and what a fetching replica compares against.
 *
 * <p>Thread-safety: as the implementation; the implementations here are not thread-safe.
 */
public interface TreeView {

  /** The shape of the tree. */
  TreeShape shape();

  /**
   * The digest of node {@code index} of {@code level} (level 0: the leaves).
   *
   * @throws IndexOutOfBoundsException if there is no such node
   */
  Digest node(int level, int index);

  /** The digest of the root, {@code node(height, 0)}. */
  default Digest root() {
    return node(shape().height(), 0);
  }

  /**
   * The digests of the {@code fanout} children of inner node {@code (level, index)}, child 0 first;
   * a child past the end of its level has that level's empty digest.
   *
   * @throws IllegalArgumentException if {@code level} is 0
   * @throws IndexOutOfBoundsException if there is no such node
   */
  default List<Digest> children(int level, int index) {
    TreeShape s = shape();
    s.checkNode(level, index);
    if (level == 0) {
      throw new IllegalArgumentException("a leaf has no children");
    }
    int f = s.fanout();
    int below = s.nodesAt(level - 1);
    Digest[] out = new Digest[f];
    for (int k = 0; k < f; k++) {
      int c = index * f + k;
      out[k] = c < below ? node(level - 1, c) : s.emptyDigest(level - 1);
    }
    return List.of(out);
  }

  /**
   * The indices, ascending, of the objects under node {@code (level, index)} whose leaf is not
   * free. Descends only into non-empty nodes: costs O(result × height × fanout) lookups, not the
   * size of the subtree.
   *
   * @throws IndexOutOfBoundsException if there is no such node
   */
  default int[] nonFreeLeaves(int level, int index) {
    shape().checkNode(level, index);
    int[][] acc = {new int[8]};
    int n = collectNonFree(level, index, acc, 0);
    return Arrays.copyOf(acc[0], n);
  }

  private int collectNonFree(int level, int index, int[][] acc, int n) {
    TreeShape s = shape();
    if (node(level, index).equals(s.emptyDigest(level))) {
      return n;
    }
    if (level == 0) {
      if (n == acc[0].length) {
        acc[0] = Arrays.copyOf(acc[0], n * 2);
      }
      acc[0][n] = index;
      return n + 1;
    }
    int f = s.fanout();
    int below = s.nodesAt(level - 1);
    for (int k = 0; k < f; k++) {
      int c = index * f + k;
      if (c >= below) {
        break;
      }
      n = collectNonFree(level - 1, c, acc, n);
    }
    return n;
  }
}
