package org.bftnfs.statetransfer;

import java.util.function.IntFunction;

/**
 * The partition tree computed from scratch over every leaf, with no sparseness and no
 * incrementality: the reference the incremental tree is checked against.
 */
final class Scratch {

  /** Digests of every node: {@code levels[l][j]} is node {@code j} of level {@code l}. */
  final Digest[][] levels;

  Scratch(TreeShape shape, IntFunction<byte[]> values) {
    TreeHasher h = shape.newHasher();
    levels = new Digest[shape.height() + 1][];
    levels[0] = new Digest[shape.nodesAt(0)];
    for (int i = 0; i < shape.capacity(); i++) {
      levels[0][i] = h.leaf(i, values.apply(i));
    }
    int f = shape.fanout();
    for (int l = 1; l <= shape.height(); l++) {
      levels[l] = new Digest[shape.nodesAt(l)];
      for (int j = 0; j < levels[l].length; j++) {
        Digest[] children = new Digest[f];
        for (int k = 0; k < f; k++) {
          int c = j * f + k;
          children[k] = c < levels[l - 1].length ? levels[l - 1][c] : shape.emptyDigest(l - 1);
        }
        levels[l][j] = h.inner(l, j, java.util.List.of(children));
      }
    }
  }

  Digest root() {
    return levels[levels.length - 1][0];
  }
}
