package org.bftnfs.statetransfer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The partition tree of digests over the abstract objects (paper §3.4), sparse and incremental.
 *
 * <p><b>Sparse</b>: a node is stored only while its digest differs from its level's empty digest
 * ({@link TreeShape#emptyDigest(int)}), so a tree whose objects are all free stores nothing, and
 * one with {@code m} objects in use stores at most {@code m × (height + 1)} nodes, whatever the
 * capacity.
 *
 * <p><b>Incremental</b>: {@link #update(int, byte[])} and {@link #markDirty(int)} only record the
 * change; the next {@link #root()} or {@link #root(IntFunction)} re-hashes the changed leaves and
 * their ancestors, nothing else. Between two root computations, {@link #node(int, int)} and the
 * other {@link TreeView} methods answer with the digests as of the last computation.
 *
 * <p>Thread-safety: not thread-safe. Single-threaded and externally synchronised: meant to be
 * called only on the replica's execution thread (the thread that runs ordered requests and so calls
 * {@code modify}).
 */
public final class PartitionTree implements TreeView {

  private final TreeShape shape;
  private final TreeHasher hasher;
  private final Map<Integer, Digest>[] stored;
  private final Map<Integer, Digest> pendingDigests = new HashMap<>();
  private final Set<Integer> pendingReads = new HashSet<>();

  /** A tree over {@code shape} with every object free. */
  @SuppressWarnings("unchecked")
  public PartitionTree(TreeShape shape) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.hasher = shape.newHasher();
    this.stored = new Map[shape.height() + 1];
    for (int l = 0; l <= shape.height(); l++) {
      stored[l] = new HashMap<>();
    }
  }

  @Override
  public TreeShape shape() {
    return shape;
  }

  /**
   * Records that object {@code index} now has {@code value} (its leaf digest is computed now, the
   * ancestors at the next root computation).
   *
   * @throws IndexOutOfBoundsException if {@code index} is not an object index
   */
  public void update(int index, byte[] value) {
    Objects.requireNonNull(value, "value");
    Digest d = hasher.leaf(index, value);
    pendingReads.remove(index);
    pendingDigests.put(index, d);
  }

  /**
   * Records that object {@code index} changed (or is about to): its value is read from the source
   * given to the next {@link #root(IntFunction)}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not an object index
   */
  public void markDirty(int index) {
    shape.checkObject(index);
    pendingDigests.remove(index);
    pendingReads.add(index);
  }

  /** The number of objects changed since the last root computation. */
  public int pending() {
    return pendingDigests.size() + pendingReads.size();
  }

  /**
   * Re-hashes what {@link #update(int, byte[])} changed and returns the root.
   *
   * @throws IllegalStateException if objects were {@linkplain #markDirty(int) marked dirty} since
   *     the last computation: use {@link #root(IntFunction)}
   */
  @Override
  public Digest root() {
    if (!pendingReads.isEmpty()) {
      throw new IllegalStateException(
          pendingReads.size() + " objects marked dirty: give their values with root(source)");
    }
    return recompute(i -> null, NodeObserver.NONE);
  }

  /**
   * Re-hashes the changed leaves and their ancestors and returns the root.
   *
   * @param current the current value of an object (the wrapper's {@code getObj}), called once for
   *     each object marked dirty since the last computation, in ascending index order; must not
   *     return null
   */
  public Digest root(IntFunction<byte[]> current) {
    return recompute(Objects.requireNonNull(current, "current"), NodeObserver.NONE);
  }

  /** As {@link #root(IntFunction)}, telling {@code observer} before each node changes. */
  Digest recompute(IntFunction<byte[]> current, NodeObserver observer) {
    return recomputeLeaves(
        i -> {
          byte[] v = current.apply(i);
          if (v == null) {
            throw new NullPointerException("the source returned null for object " + i);
          }
          return hasher.leaf(i, v);
        },
        observer);
  }

  /**
   * As {@link #recompute}, with the leaf digest of each object marked dirty given by {@code
   * leafDigest} (called once per such object, in ascending index order).
   */
  Digest recomputeLeaves(IntFunction<Digest> leafDigest, NodeObserver observer) {
    int[] leaves = new int[pending()];
    int n = 0;
    for (int i : pendingDigests.keySet()) {
      leaves[n++] = i;
    }
    for (int i : pendingReads) {
      leaves[n++] = i;
    }
    Arrays.sort(leaves);
    Set<Integer> changed = new HashSet<>();
    for (int i : leaves) {
      Digest d = pendingDigests.get(i);
      if (d == null) {
        d = leafDigest.apply(i);
      }
      if (set(0, i, d, observer)) {
        changed.add(i / shape.fanout());
      }
    }
    pendingDigests.clear();
    pendingReads.clear();
    for (int level = 1; level <= shape.height(); level++) {
      int[] nodes = changed.stream().mapToInt(Integer::intValue).sorted().toArray();
      changed = new HashSet<>();
      for (int j : nodes) {
        Digest d = hasher.inner(level, j, children(level, j));
        if (set(level, j, d, observer)) {
          changed.add(j / shape.fanout());
        }
      }
    }
    return node(shape.height(), 0);
  }

  private boolean set(int level, int index, Digest d, NodeObserver observer) {
    Digest empty = shape.emptyDigest(level);
    Digest old = stored[level].getOrDefault(index, empty);
    if (old.equals(d)) {
      return false;
    }
    observer.beforeChange(level, index, old);
    if (d.equals(empty)) {
      stored[level].remove(index);
    } else {
      stored[level].put(index, d);
    }
    return true;
  }

  /** The digest of node {@code (level, index)} as of the last root computation. */
  @Override
  public Digest node(int level, int index) {
    shape.checkNode(level, index);
    return stored[level].getOrDefault(index, shape.emptyDigest(level));
  }

  /** The number of nodes stored, all levels together: those not equal to their empty digest. */
  public int storedNodes() {
    int n = 0;
    for (Map<Integer, Digest> m : stored) {
      n += m.size();
    }
    return n;
  }
}
