package org.bftnfs.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.workload.RandomWorkload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paper §2.1: state machine replication "requires determinism: all replicas must produce the same
 * sequence of results when they process the same sequence of operations". Random operation
 * sequences (every procedure, errors, stale and forged handles, several callers) are applied twice
 * from the initial state: replies must be byte-identical and the abstract states equal, entry by
 * entry in their canonical encodings (paper §3.1).
 *
 * <p>Also checked on the way (paper Figure 1, {@code modify}): every entry whose canonical encoding
 * changed was announced through {@code modify} first, and read-only procedures announce and change
 * nothing. A failing seed is in the test name; rerun it alone.
 */
class DeterminismPropertyTest {

  private static final int OPS = 3000;
  private static final SpecConfig CONFIG =
      SpecConfig.defaults().withCapacity(200).withLimits(64L << 20, 16L << 20);

  /** One run: the replies' bytes and the final state. */
  private record Run(List<byte[]> replies, AbstractState state) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1234, 99991, 271828, 314159})
  void sameOperationsGiveSameRepliesAndStates(long seed) {
    Run a = run(seed, false);
    Run b = run(seed, false);
    assertThat(a.replies).hasSize(OPS);
    for (int i = 0; i < OPS; i++) {
      assertThat(b.replies.get(i)).as("seed %d, reply %d", seed, i).isEqualTo(a.replies.get(i));
    }
    assertThat(b.state).as("seed %d, final state", seed).isEqualTo(a.state);
    for (int i = 0; i < CONFIG.capacity(); i++) {
      byte[] ea = encode(a.state, i);
      assertThat(encode(b.state, i)).as("seed %d, entry %d", seed, i).isEqualTo(ea);
      ObjectCodec.Entry decoded = ObjectCodec.decode(ea);
      assertThat(ObjectCodec.encode(decoded.generation(), decoded.object())).isEqualTo(ea);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {5, 6})
  void everyChangedEntryWasAnnouncedAndReadsChangeNothing(long seed) {
    // the assertions are inside run(): changed entries announced, read-only calls silent
    assertThat(run(seed, true).replies).hasSize(OPS);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 8})
  void workloadExercisesSuccessAndFailure(long seed) {
    AbstractSpec spec = new AbstractSpec(CONFIG);
    AbstractState state = spec.initialState();
    RandomWorkload w = new RandomWorkload(seed, CONFIG.handles(), 70_000);
    Set<Integer> okProcedures = new HashSet<>();
    Set<Integer> statuses = new HashSet<>();
    for (int i = 0; i < OPS; i++) {
      NfsCall call = w.next();
      NfsReply reply = spec.execute(state, call, new AgreedValues(1000 + i, 0));
      w.observe(call, reply);
      if (reply.outcome() == NfsReply.Outcome.SUCCESS && reply.result().length >= 4) {
        int status = java.nio.ByteBuffer.wrap(reply.result()).getInt();
        statuses.add(status);
        if (status == 0) {
          okProcedures.add(call.procedure());
        }
      }
    }
    // every procedure but MKNOD (always NOTSUPP) and NULL (no status) succeeded at least once
    assertThat(okProcedures).containsAll(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15));
    assertThat(okProcedures).containsAll(List.of(16, 17, 18, 19, 20, 21));
    // and the common errors were produced
    assertThat(statuses).contains(2, 13, 17, 20, 21, 22, 63, 66, 70, 10001, 10004);
  }

  private static Run run(long seed, boolean checkModify) {
    AbstractSpec spec = new AbstractSpec(CONFIG);
    AbstractState state = spec.initialState();
    Set<Integer> announced = new HashSet<>();
    state.setModifyListener(announced::add);
    RandomWorkload w = new RandomWorkload(seed, CONFIG.handles(), 70_000);
    List<byte[]> replies = new ArrayList<>();
    byte[][] before = checkModify ? encodeAll(state) : null;
    for (int i = 0; i < OPS; i++) {
      NfsCall call = w.next();
      announced.clear();
      NfsReply reply = spec.execute(state, call, new AgreedValues(1000 + i, i));
      w.observe(call, reply);
      replies.add(concat(reply));
      if (checkModify) {
        byte[][] after = encodeAll(state);
        for (int e = 0; e < after.length; e++) {
          if (!Arrays.equals(before[e], after[e])) {
            assertThat(announced)
                .as("seed %d op %d (proc %d) changed entry %d", seed, i, call.procedure(), e)
                .contains(e);
          }
        }
        if (call.readOnly()) {
          assertThat(announced)
              .as("read-only proc %d announced changes", call.procedure())
              .isEmpty();
        }
        before = after;
      }
    }
    return new Run(replies, state);
  }

  private static byte[] concat(NfsReply r) {
    byte[] out = Arrays.copyOf(r.result(), r.result().length + 1);
    out[out.length - 1] = (byte) r.outcome().ordinal();
    return out;
  }

  private static byte[][] encodeAll(AbstractState s) {
    byte[][] out = new byte[s.capacity()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encode(s, i);
    }
    return out;
  }

  private static byte[] encode(AbstractState s, int i) {
    return ObjectCodec.encode(s.generation(i), s.object(i));
  }
}
