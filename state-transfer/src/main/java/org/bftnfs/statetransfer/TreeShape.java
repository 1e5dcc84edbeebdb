package org.bftnfs.statetransfer;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a partition tree and its digest of free entries: how many objects ({@code
 * capacity}), how many children per inner node ({@code fanout}), how many levels, and the canonical
 * encoding of a free entry. Part of the cluster configuration: replicas that disagree on the shape
 * compute different roots.
 *
 * <p>Levels are numbered from the leaves: level 0 holds one leaf per object, level {@link
 * #height()} holds the root alone. Node {@code j} of level {@code l} covers the objects {@code [j *
 * fanout^l, (j + 1) * fanout^l)}; its children are nodes {@code j * fanout + k} of level {@code l -
 * 1}, {@code k} in {@code [0, fanout)}. A level has {@link #nodesAt(int)} nodes, those whose range
 * starts below the capacity; a child index at or past that count covers no object and always has
 * the level's empty digest.
 *
 * <p>The empty digests (one per level, {@link #emptyDigest(int)}) are computed once here: level 0's
 * is the digest of the free encoding, level {@code l}'s is derived from level {@code l - 1}'s. They
 * are the digests of a subtree all of whose leaves are free, whatever its index (see the package
 * documentation for the definitions).
 *
 * <p>Thread-safety: immutable, so safe to share between threads.
 */
public final class TreeShape {

  /** The largest supported capacity, 2^30 objects. */
  public static final int MAX_CAPACITY = 1 << 30;

  /** The largest supported fan-out. */
  public static final int MAX_FANOUT = 1 << 10;

  private final int capacity;
  private final int fanout;
  private final int height;
  private final byte[] freeEncoding;
  private final Digest[] empty;
  private final int[] nodesAt;

  /**
   * A shape.
   *
   * @param capacity the number of objects, in {@code [1, 2^30]}
   * @param fanout the children per inner node, in {@code [2, 1024]}
   * @param freeEncoding the canonical encoding of a free entry (copied); an object whose value
   *     equals it is free
   * @throws IllegalArgumentException if capacity or fan-out are out of range
   */
  public TreeShape(int capacity, int fanout, byte[] freeEncoding) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "capacity " + capacity + " not in [1, " + MAX_CAPACITY + "]");
    }
    if (fanout < 2 || fanout > MAX_FANOUT) {
      throw new IllegalArgumentException("fanout " + fanout + " not in [2, " + MAX_FANOUT + "]");
    }
    this.capacity = capacity;
    this.fanout = fanout;
    this.freeEncoding = Objects.requireNonNull(freeEncoding, "freeEncoding").clone();
    int h = 1;
    long span = fanout;
    while (span < capacity) {
      span *= fanout;
      h++;
    }
    this.height = h;
    this.nodesAt = new int[h + 1];
    long width = 1;
    for (int l = 0; l <= h; l++) {
      nodesAt[l] = (int) ((capacity + width - 1) / width);
      width *= fanout;
    }
    TreeHasher hasher = new TreeHasher(fanout);
    this.empty = new Digest[h + 1];
    empty[0] = hasher.free(this.freeEncoding);
    for (int l = 1; l <= h; l++) {
      empty[l] = hasher.empty(l, empty[l - 1]);
    }
  }

  /** The number of objects (leaves that can be in use). */
  public int capacity() {
    return capacity;
  }

  /** The number of children of every inner node. */
  public int fanout() {
    return fanout;
  }

  /** The level of the root; the leaves are level 0. At least 1. */
  public int height() {
    return height;
  }

  /** The number of nodes of {@code level}: {@code ceil(capacity / fanout^level)}. */
  public int nodesAt(int level) {
    checkLevel(level);
    return nodesAt[level];
  }

  /** A copy of the canonical encoding of a free entry. */
  public byte[] freeEncoding() {
    return freeEncoding.clone();
  }

  /** Whether {@code value} is the canonical encoding of a free entry. */
  public boolean isFree(byte[] value) {
    return Arrays.equals(freeEncoding, value);
  }

  /** The digest of a subtree of {@code level} whose leaves are all free. */
  public Digest emptyDigest(int level) {
    checkLevel(level);
    return empty[level];
  }

  /** A new hasher for this shape (not thread-safe: one per thread or per owner). */
  public TreeHasher newHasher() {
    return new TreeHasher(this);
  }

  /**
   * Checks that node {@code (level, index)} exists.
   *
   * @throws IndexOutOfBoundsException if it does not
   */
  public void checkNode(int level, int index) {
    checkLevel(level);
    if (index < 0 || index >= nodesAt[level]) {
      throw new IndexOutOfBoundsException(
          "node " + index + " of level " + level + " not in [0, " + nodesAt[level] + ")");
    }
  }

  /**
   * Checks that {@code index} is an object index.
   *
   * @throws IndexOutOfBoundsException if it is not in {@code [0, capacity)}
   */
  public void checkObject(int index) {
    if (index < 0 || index >= capacity) {
      throw new IndexOutOfBoundsException("object " + index + " not in [0, " + capacity + ")");
    }
  }

  private void checkLevel(int level) {
    if (level < 0 || level > height) {
      throw new IndexOutOfBoundsException("level " + level + " not in [0, " + height + "]");
    }
  }

  @Override
  public String toString() {
    return "TreeShape[capacity=" + capacity + ", fanout=" + fanout + ", height=" + height + "]";
  }
}
