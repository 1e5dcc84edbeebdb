package org.bftnfs.statetransfer;

import java.util.Random;
import java.util.TreeMap;

/** A plain abstract state for tests: index to value, absent meaning free. Seeded. */
final class Model {

  static final byte[] FREE = {0x46, 0x52, 0x45, 0x45};

  final TreeShape shape;
  final TreeMap<Integer, byte[]> values = new TreeMap<>();

  Model(TreeShape shape) {
    this.shape = shape;
  }

  Model(Model other) {
    this.shape = other.shape;
    this.values.putAll(other.values);
  }

  byte[] get(int i) {
    shape.checkObject(i);
    byte[] v = values.get(i);
    return v == null ? shape.freeEncoding() : v.clone();
  }

  void put(int i, byte[] v) {
    if (shape.isFree(v)) {
      values.remove(i);
    } else {
      values.put(i, v.clone());
    }
  }

  static byte[] randomValue(Random r) {
    byte[] v = new byte[1 + r.nextInt(64)];
    r.nextBytes(v);
    v[0] = 1; // never the free encoding by accident
    return v;
  }
}
