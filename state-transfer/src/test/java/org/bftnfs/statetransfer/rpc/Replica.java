package org.bftnfs.statetransfer.rpc;

import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.bftnfs.statetransfer.CheckpointStore;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.TreeShape;

/**
 * A test replica's abstract state: index to value (absent meaning free), its checkpoint store and
 * the lock its execution thread shares with the state-transfer server. Seeded, deterministic.
 */
final class Replica {

  static final byte[] FREE = {0x46, 0x52, 0x45, 0x45};

  final TreeShape shape;
  final TreeMap<Integer, byte[]> values = new TreeMap<>();
  final CheckpointStore store;
  final ReentrantLock lock = new ReentrantLock();

  Replica(TreeShape shape) {
    this.shape = shape;
    this.store = new CheckpointStore(shape, this::get);
  }

  /** A replica whose state (not checkpoints) equals {@code other}'s, its objects announced. */
  static Replica copyOf(Replica other) {
    Replica r = new Replica(other.shape);
    for (var e : other.values.entrySet()) {
      r.write(e.getKey(), e.getValue());
    }
    return r;
  }

  byte[] get(int i) {
    shape.checkObject(i);
    byte[] v = values.get(i);
    return v == null ? shape.freeEncoding() : v.clone();
  }

  /** Executes a write, as the replica's execution thread would: under the lock. */
  void write(int i, byte[] v) {
    lock.lock();
    try {
      store.modify(i);
      if (shape.isFree(v)) {
        values.remove(i);
      } else {
        values.put(i, v.clone());
      }
    } finally {
      lock.unlock();
    }
  }

  Digest checkpoint(long seq) {
    lock.lock();
    try {
      return store.checkpoint(seq);
    } finally {
      lock.unlock();
    }
  }

  /** {@code n} random writes drawn from {@code r}, to every replica in {@code group} alike. */
  static void randomWrites(Random r, int n, Replica... group) {
    TreeShape shape = group[0].shape;
    for (int k = 0; k < n; k++) {
      int i = r.nextInt(shape.capacity());
      byte[] v = r.nextInt(10) == 0 ? shape.freeEncoding() : randomValue(r);
      for (Replica g : group) {
        g.write(i, v);
      }
    }
  }

  static byte[] randomValue(Random r) {
    byte[] v = new byte[1 + r.nextInt(64)];
    r.nextBytes(v);
    v[0] = 1; // never the free encoding by accident
    return v;
  }

  /** The indices whose values differ between {@code a} and {@code b}. */
  static TreeSet<Integer> differing(TreeMap<Integer, byte[]> a, TreeMap<Integer, byte[]> b) {
    TreeSet<Integer> out = new TreeSet<>(a.keySet());
    out.addAll(b.keySet());
    out.removeIf(i -> java.util.Arrays.equals(a.get(i), b.get(i)));
    return out;
  }
}
