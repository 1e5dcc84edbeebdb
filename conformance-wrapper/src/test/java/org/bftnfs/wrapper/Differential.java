package org.bftnfs.wrapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.workload.RandomWorkload;

/**
 * Differential testing (paper §2.1: every conformance wrapper implements the common specification):
 * one seeded random workload runs on the reference implementation and on conformance wrappers;
 * every reply must be byte-identical, and every {@code getObj(i)} must be identical every {@code
 * compareEvery} operations and at the end. Every entry whose value changed between two comparisons
 * must have been announced through {@code modify}. A failure names the seed and the operation, so
 * the run can be replayed.
 */
final class Differential {

  /** Something that executes calls and has an abstract state. */
  interface Target {
    String name();

    NfsReply execute(NfsCall call, AgreedValues agreed);

    byte[] getObj(int index);
  }

  /** The reference implementation. */
  static Target reference(SpecConfig config) {
    AbstractSpec spec = new AbstractSpec(config);
    AbstractState state = spec.initialState();
    return new Target() {
      @Override
      public String name() {
        return "reference";
      }

      @Override
      public NfsReply execute(NfsCall call, AgreedValues agreed) {
        return spec.execute(state, call, agreed);
      }

      @Override
      public byte[] getObj(int index) {
        return ObjectCodec.encode(state.generation(index), state.object(index));
      }
    };
  }

  /** A wrapper, with its modify announcements recorded. */
  static final class WrapperTarget implements Target {
    final String name;
    final ConformanceWrapper wrapper;
    final Set<Integer> announced = new HashSet<>();

    WrapperTarget(String name, ConformanceWrapper wrapper) {
      this.name = name;
      this.wrapper = wrapper;
      wrapper.setModifyListener(announced::add);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public NfsReply execute(NfsCall call, AgreedValues agreed) {
      return wrapper.execute(call, agreed);
    }

    @Override
    public byte[] getObj(int index) {
      return wrapper.getObj(index);
    }
  }

  private Differential() {}

  /** Runs the workload; throws AssertionError naming the seed and operation on a difference. */
  static void run(
      long seed, int ops, SpecConfig config, List<Target> targets, int compareEvery, int maxWrite) {
    Target reference = targets.get(0);
    RandomWorkload w = new RandomWorkload(seed, config.handles(), maxWrite);
    byte[][] last = snapshot(reference, config.capacity());
    for (int i = 0; i < ops; i++) {
      NfsCall call = w.next();
      AgreedValues agreed = new AgreedValues(1_700_000_000 + i, i * 7);
      NfsReply expected = reference.execute(call, agreed);
      w.observe(call, expected);
      for (Target t : targets.subList(1, targets.size())) {
        NfsReply actual = t.execute(call, agreed);
        if (actual.outcome() != expected.outcome()
            || !Arrays.equals(actual.result(), expected.result())) {
          throw new AssertionError(
              String.format(
                  "seed %d op %d procedure %d: %s replied %s %s, reference %s %s",
                  seed,
                  i,
                  call.procedure(),
                  t.name(),
                  actual.outcome(),
                  hex(actual.result()),
                  expected.outcome(),
                  hex(expected.result())));
        }
      }
      if ((i + 1) % compareEvery == 0 || i == ops - 1) {
        last = compare(seed, i, config.capacity(), targets, last);
      }
    }
  }

  private static byte[][] compare(
      long seed, int op, int capacity, List<Target> targets, byte[][] last) {
    byte[][] now = snapshot(targets.get(0), capacity);
    for (Target t : targets.subList(1, targets.size())) {
      List<Integer> unannounced = new ArrayList<>();
      for (int i = 0; i < capacity; i++) {
        byte[] actual = t.getObj(i);
        if (!Arrays.equals(actual, now[i])) {
          throw new AssertionError(
              String.format(
                  "seed %d after op %d: getObj(%d) of %s differs from the reference:%n %s%n %s",
                  seed, op, i, t.name(), hex(actual), hex(now[i])));
        }
        if (t instanceof WrapperTarget wt
            && !Arrays.equals(now[i], last[i])
            && !wt.announced.contains(i)) {
          unannounced.add(i);
        }
      }
      if (!unannounced.isEmpty()) {
        throw new AssertionError(
            String.format(
                "seed %d after op %d: %s changed entries %s without modify()",
                seed, op, t.name(), unannounced));
      }
      if (t instanceof WrapperTarget wt) {
        wt.announced.clear();
      }
    }
    return now;
  }

  private static byte[][] snapshot(Target t, int capacity) {
    byte[][] out = new byte[capacity][];
    for (int i = 0; i < capacity; i++) {
      out[i] = t.getObj(i);
    }
    return out;
  }

  static String hex(byte[] b) {
    String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 160));
    return b.length > 160 ? h + "...(" + b.length + " bytes)" : h;
  }
}
