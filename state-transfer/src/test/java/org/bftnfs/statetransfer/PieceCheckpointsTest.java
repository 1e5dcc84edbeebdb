package org.bftnfs.statetransfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Framed values (pieces) in the tree and in copy-on-write checkpoints (paper §2.2, §3.4, with a
 * large object's parts as the unit that is copied and re-hashed): a leaf updated from the pieces
 * announced as changed equals the leaf hashed from scratch, and a checkpoint serves its values
 * while their pieces change after it.
 */
class PieceCheckpointsTest {

  /** Objects whose values are framed pieces, key to body; an object without pieces is free. */
  private static final class PieceModel {
    final Map<Integer, TreeMap<Long, byte[]>> objects = new HashMap<>();
    final TreeShape shape;
    int pieceReads;

    PieceModel(TreeShape shape) {
      this.shape = shape;
    }

    byte[] get(int index) {
      TreeMap<Long, byte[]> o = objects.get(index);
      return o == null ? shape.freeEncoding() : frame(o);
    }

    void piece(int index, long key, java.io.OutputStream out) throws IOException {
      pieceReads++;
      TreeMap<Long, byte[]> o = objects.get(index);
      byte[] body = o == null ? null : o.get(key);
      if (body != null) {
        out.write(body);
      }
    }

    TreeMap<Integer, byte[]> snapshot() {
      TreeMap<Integer, byte[]> s = new TreeMap<>();
      for (int i : objects.keySet()) {
        s.put(i, get(i));
      }
      return s;
    }
  }

  static byte[] frame(TreeMap<Long, byte[]> pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (var e : pieces.entrySet()) {
        Pieces.write(out, e.getKey(), e.getValue(), 0, e.getValue().length);
      }
      Pieces.writeEnd(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] body(Random r) {
    byte[] b = new byte[1 + r.nextInt(r.nextInt(8) == 0 ? 6000 : 40)];
    r.nextBytes(b);
    return b;
  }

  @Test
  void aSplitterFindsThePiecesOfAFramedValueAndRejectsAnythingElse() throws IOException {
    TreeMap<Long, byte[]> pieces = new TreeMap<>();
    pieces.put(0L, new byte[] {1, 2, 3});
    pieces.put(7L, new byte[] {4});
    byte[] v = frame(pieces);
    TreeMap<Long, Integer> seen = new TreeMap<>();
    Pieces.Splitter s =
        new Pieces.Splitter(
            new Pieces.Listener() {
              @Override
              public void start(long key, int length) {
                seen.put(key, length);
              }
            });
    for (byte b : v) {
      s.write(b); // byte by byte: fields split anywhere
    }
    assertThat(s.framed()).isTrue();
    assertThat(seen).containsExactly(Map.entry(0L, 3), Map.entry(7L, 1));

    assertThat(framed(Arrays.copyOf(v, v.length - 1))).as("no end").isFalse();
    assertThat(framed(Arrays.copyOf(v, v.length + 4))).as("after the end").isFalse();
    byte[] badPad = v.clone();
    badPad[16 + 3] = 9; // the padding byte after the 3-byte body
    assertThat(framed(badPad)).as("padding").isFalse();
    TreeMap<Long, byte[]> down = new TreeMap<>(java.util.Comparator.reverseOrder());
    down.putAll(pieces);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (var e : down.entrySet()) {
      Pieces.write(out, e.getKey(), e.getValue(), 0, e.getValue().length);
    }
    Pieces.writeEnd(out);
    assertThat(framed(out.toByteArray())).as("descending keys").isFalse();
    assertThat(framed(new byte[] {0, 0, 0, 0})).as("no piece").isFalse();
  }

  private static boolean framed(byte[] v) throws IOException {
    Pieces.Splitter s = new Pieces.Splitter(new Pieces.Listener() {});
    s.write(v);
    return s.framed();
  }

  @Test
  void framedAndUnframedValuesNeverShareALeafDigest() {
    TreeShape shape = new TreeShape(8, 4, Model.FREE);
    TreeHasher h = shape.newHasher();
    TreeMap<Long, byte[]> pieces = new TreeMap<>();
    pieces.put(0L, new byte[] {1, 2, 3});
    pieces.put(1L, new byte[] {4, 5});
    byte[] v = frame(pieces);
    TreeMap<Long, Digest> digests = new TreeMap<>();
    for (var e : pieces.entrySet()) {
      digests.put(e.getKey(), pieceDigest(h, e.getValue()));
    }
    assertThat(h.leaf(3, v)).isEqualTo(h.leafOfPieces(3, digests));
    byte[] broken = Arrays.copyOf(v, v.length + 4); // not framed: hashed whole
    assertThat(h.leaf(3, broken)).isNotEqualTo(h.leaf(3, v));
    TreeMap<Long, byte[]> other = new TreeMap<>(pieces);
    other.put(1L, new byte[] {4, 6});
    assertThat(h.leaf(3, frame(other))).isNotEqualTo(h.leaf(3, v));
    TreeMap<Long, byte[]> moved = new TreeMap<>();
    moved.put(0L, pieces.get(0L));
    moved.put(2L, pieces.get(1L));
    assertThat(h.leaf(3, frame(moved))).as("same bodies, other key").isNotEqualTo(h.leaf(3, v));
  }

  private static Digest pieceDigest(TreeHasher h, byte[] body) {
    try {
      return h.piece(out -> out.write(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Over 30 seeds, values of many pieces change a few pieces at a time (pieces appear and
   * disappear), sometimes whole; checkpoints every k steps; after every step each kept checkpoint
   * serves exactly the values it was taken with (whole and in parts) and its root equals the tree
   * from scratch; the current tree too.
   */
  @Test
  void checkpointsServeTheirValuesWhilePiecesChange(@TempDir Path spill) {
    for (int seed = 0; seed < 30; seed++) {
      Random r = new Random(seed);
      TreeShape shape = new TreeShape(1 + r.nextInt(40), 2 + r.nextInt(5), Model.FREE);
      PieceModel state = new PieceModel(shape);
      CheckpointStore store =
          new CheckpointStore(
              shape,
              state::get,
              (i, out) -> out.write(state.get(i)),
              seed % 2 == 0 ? spill : null,
              state::piece);
      TreeMap<Long, TreeMap<Integer, byte[]>> taken = new TreeMap<>();
      int k = 1 + r.nextInt(6);
      long seq = 0;
      for (int step = 0; step < 120; step++) {
        for (int c = r.nextInt(4); c > 0; c--) {
          change(r, shape, state, store);
        }
        seq++;
        if (seq % k == 0) {
          Digest root = store.checkpoint(seq);
          TreeMap<Integer, byte[]> snapshot = state.snapshot();
          assertThat(root)
              .as("seed %d checkpoint %d", seed, seq)
              .isEqualTo(new Scratch(shape, i -> valueIn(snapshot, shape, i)).root());
          taken.put(seq, snapshot);
        }
        if (r.nextInt(8) == 0) {
          assertThat(store.current().root())
              .isEqualTo(new Scratch(shape, i -> valueIn(state.snapshot(), shape, i)).root());
        }
        if (r.nextInt(25) == 0 && !taken.isEmpty()) {
          long keep = taken.lastKey() - k * r.nextInt(3);
          store.discardBefore(keep);
          taken.headMap(keep, false).clear();
        }
        for (var t : taken.entrySet()) {
          int i = r.nextInt(shape.capacity());
          byte[] expected = valueIn(t.getValue(), shape, i);
          if (r.nextBoolean()) {
            assertThat(store.valueAt(t.getKey(), i))
                .as("seed %d object %d at %d", seed, i, t.getKey())
                .isEqualTo(expected);
          } else {
            assertThat(inParts(store, t.getKey(), i, 1 + r.nextInt(5000)))
                .as("seed %d object %d at %d in parts", seed, i, t.getKey())
                .isEqualTo(expected);
          }
        }
      }
    }
  }

  private static byte[] valueIn(TreeMap<Integer, byte[]> snapshot, TreeShape shape, int i) {
    return snapshot.getOrDefault(i, shape.freeEncoding());
  }

  private static byte[] inParts(CheckpointStore store, long seq, int index, int part) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long length = -1;
    for (long at = 0; length < 0 || at < length; at += part) {
      CheckpointStore.ValuePart p = store.partAt(seq, index, at, part);
      length = p.length();
      out.writeBytes(p.bytes());
    }
    return out.toByteArray();
  }

  /** One change: mostly a few pieces of an object with many, announced as such. */
  private static void change(Random r, TreeShape shape, PieceModel state, CheckpointStore store) {
    int i = r.nextInt(shape.capacity());
    TreeMap<Long, byte[]> o = state.objects.get(i);
    if (o == null || r.nextInt(6) == 0) {
      store.modify(i);
      if (o != null && r.nextInt(3) == 0) {
        state.objects.remove(i); // freed: the free encoding
        return;
      }
      TreeMap<Long, byte[]> fresh = new TreeMap<>();
      fresh.put(0L, body(r));
      for (int p = r.nextInt(8); p > 0; p--) {
        fresh.put(1L + r.nextInt(12), body(r));
      }
      state.objects.put(i, fresh);
      return;
    }
    long from = 1 + r.nextInt(12);
    long to = from - 1 + r.nextInt(4); // sometimes no data piece: piece 0 only
    store.modifyPieces(i, from, to);
    o.put(0L, body(r));
    for (long key = from; key <= to; key++) {
      if (r.nextInt(3) == 0) {
        o.remove(key);
      } else if (r.nextBoolean()) {
        o.put(key, body(r));
      }
    }
  }

  /**
   * A value of many pieces changed in one piece after a checkpoint: the checkpoint copies that
   * piece and piece 0, and the next checkpoint re-reads just those, not the value.
   */
  @Test
  void aChangeToOnePieceCopiesAndRehashesThatPiece() {
    TreeShape shape = new TreeShape(4, 4, Model.FREE);
    PieceModel state = new PieceModel(shape);
    TreeMap<Long, byte[]> big = new TreeMap<>();
    big.put(0L, new byte[] {1});
    for (long key = 1; key <= 100; key++) {
      byte[] b = new byte[10_000];
      Arrays.fill(b, (byte) key);
      big.put(key, b);
    }
    byte[][] whole = {null};
    CheckpointStore store =
        new CheckpointStore(
            shape,
            i -> {
              whole[0] = state.get(i);
              return whole[0];
            },
            (i, out) -> out.write(state.get(i)),
            null,
            state::piece);
    store.modify(2);
    state.objects.put(2, big);
    store.checkpoint(1);
    TreeMap<Integer, byte[]> atOne = state.snapshot();
    state.pieceReads = 0;

    store.modifyPieces(2, 50, 50);
    big.put(50L, new byte[] {9, 9});
    big.put(0L, new byte[] {2});
    assertThat(store.copiedBytes()).as("piece 0 and piece 50 copied").isEqualTo(1 + 10_000);
    assertThat(state.pieceReads).isEqualTo(2);
    state.pieceReads = 0;
    Digest root = store.checkpoint(2);
    assertThat(state.pieceReads).as("re-hashed: piece 0 and piece 50").isEqualTo(2);
    assertThat(root).isEqualTo(new Scratch(shape, i -> valueIn(state.snapshot(), shape, i)).root());
    assertThat(store.valueAt(1, 2)).isEqualTo(atOne.get(2));
  }
}
