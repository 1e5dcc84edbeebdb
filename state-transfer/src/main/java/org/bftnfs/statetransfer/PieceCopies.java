package org.bftnfs.statetransfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * The pieces of {@linkplain Pieces framed} values that one checkpoint copied before they changed:
 * for a large value changed in a few pieces since the checkpoint, the copy-on-write copy is those
 * pieces, not the value (paper §2.2 at the granularity of a piece).
 *
 * <p>For each object, the copy records the key ranges it <em>covers</em> (the pieces announced as
 * changing since the checkpoint; key 0 always) and the bodies of the pieces in those ranges that
 * existed at the checkpoint. A covered key without a body was absent at the checkpoint; a key not
 * covered has not changed since.
 *
 * <p>Thread-safety: not thread-safe; its {@link CheckpointStore} serialises calls.
 */
final class PieceCopies implements AutoCloseable {

  private final SpilledValues bodies;
  private final Map<Integer, Copy> copies = new HashMap<>();
  private int nextSlot;

  PieceCopies(Path spillDirectory) {
    this.bodies =
        spillDirectory == null
            ? SpilledValues.inMemory()
            : SpilledValues.spillingTo(spillDirectory);
  }

  /** What was copied of one object. */
  static final class Copy {
    /** Key to the slot of its body in {@link #bodies}: pieces that existed at the checkpoint. */
    final TreeMap<Long, Integer> slots = new TreeMap<>();

    /** Covered key ranges, first key to last key (inclusive), disjoint. */
    private final TreeMap<Long, Long> covered = new TreeMap<>();

    boolean covers(long key) {
      Map.Entry<Long, Long> r = covered.floorEntry(key);
      return r != null && r.getValue() >= key;
    }

    void cover(long from, long to) {
      Map.Entry<Long, Long> before = covered.floorEntry(from);
      if (before != null && before.getValue() >= from - 1) {
        from = before.getKey();
        to = Math.max(to, before.getValue());
      }
      Map.Entry<Long, Long> next;
      while ((next = covered.higherEntry(from)) != null && next.getKey() <= to + 1) {
        to = Math.max(to, next.getValue());
        covered.remove(next.getKey());
      }
      covered.put(from, to);
    }
  }

  boolean has(int index) {
    return copies.containsKey(index);
  }

  Copy get(int index) {
    return copies.get(index);
  }

  void remove(int index) {
    copies.remove(index);
  }

  /**
   * Copies, for object {@code index}, piece 0 and the pieces with keys in {@code [from, to]} (none
   * when {@code to < from}) that exist now ({@code present}) and that no earlier call covered, then
   * covers those keys.
   *
   * @throws IOException when a piece cannot be written
   */
  void copy(
      int index, long from, long to, NavigableSet<Long> present, CheckpointStore.PieceStream now)
      throws IOException {
    Copy c = copies.computeIfAbsent(index, k -> new Copy());
    if (!c.covers(0)) {
      copyOne(c, index, 0, now);
      c.cover(0, 0);
    }
    if (to < from) {
      return;
    }
    for (long key : present.subSet(from, true, to, true)) {
      if (!c.covers(key)) {
        copyOne(c, index, key, now);
      }
    }
    c.cover(from, to);
  }

  private void copyOne(Copy c, int index, long key, CheckpointStore.PieceStream now)
      throws IOException {
    int slot = nextSlot++;
    bodies.put(slot, (s, out) -> now.write(index, key, out));
    if (bodies.length(slot) == 0) {
      bodies.remove(slot);
    } else {
      c.slots.put(key, slot);
    }
  }

  /** The body kept in {@code slot}. */
  SpilledValues bodies() {
    return bodies;
  }

  int size() {
    return copies.size();
  }

  long bytes() {
    return bodies.bytes();
  }

  @Override
  public void close() {
    bodies.close();
  }
}
