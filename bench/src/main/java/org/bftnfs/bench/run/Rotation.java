package org.bftnfs.bench.run;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of the targets in one repetition: A B C, then B C A, then C A B, ... so that no target
 * always runs first (right after a quiet phase) or always right after the same other target.
 */
final class Rotation {

  private Rotation() {}

  /** {@code items} rotated left by {@code rep - 1} places ({@code rep} from 1). */
  static <T> List<T> order(List<T> items, int rep) {
    List<T> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(items.get((i + rep - 1) % items.size()));
    }
    return out;
  }
}
