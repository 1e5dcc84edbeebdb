package org.bftnfs.spec.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.exec.ProcedureTable;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.workload.RandomWorkload;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * Coverage-guided fuzzing of what a client's bytes reach inside a replica: the abstract
 * specification's decoding and execution of an NFSv3 call (paper §2.1: every replica must produce
 * the same result for the same request, whatever its bytes).
 *
 * <p>Run by {@code mvn test} in regression mode over the inputs under {@code
 * src/test/resources/org/bftnfs/spec/fuzz/SpecFuzzTestInputs/} (seeds written by {@link
 * SpecFuzzSeeds} plus what fuzzing found); {@code JAZZER_FUZZ=1 mvn test -pl abstract-spec
 * -Dtest=SpecFuzzTest#method} fuzzes one target (docs/testing.md).
 *
 * <p>Input layout of {@link #everyCallIsAnsweredAndTheSameTwice}: byte 0 the procedure number
 * (0–31: the 22 NFSv3 procedures and unknown ones), byte 1 the caller (one of {@link #CALLERS}),
 * the rest the XDR arguments. Handles that name objects of {@link #prepared()} reach deep code.
 */
class SpecFuzzTest {

  static final SpecConfig CONFIG =
      SpecConfig.defaults().withCapacity(256).withLimits(16L << 20, 4L << 20);

  /** The callers an input can pick: root (squashed or not by config), two users, nobody. */
  static final Credentials[] CALLERS = {
    Credentials.unix(0, 0),
    Credentials.unix(1000, 1000),
    Credentials.unix(1001, 1001, 1000),
    Credentials.unix(65534, 65534),
    Credentials.none()
  };

  /** The workload that builds the state calls run on: the same seed every time. */
  static final long PREPARE_SEED = 20261207L;

  static final int PREPARE_OPS = 400;

  private static final AbstractSpec SPEC = new AbstractSpec(CONFIG);
  private static final ProcedureTable TABLE = new ProcedureTable();
  private static final AbstractState PREPARED = prepared();

  /** A state with files, directories, links and data, built by a fixed random workload. */
  static AbstractState prepared() {
    AbstractState state = SPEC.initialState();
    RandomWorkload w = new RandomWorkload(PREPARE_SEED, CONFIG.handles(), 8192);
    for (int i = 0; i < PREPARE_OPS; i++) {
      NfsCall call = w.next();
      w.observe(call, SPEC.execute(state, call, new AgreedValues(1_000_000 + i, 0)));
    }
    return state;
  }

  /** The call an input encodes. */
  static NfsCall call(byte[] data) {
    int procedure = data.length > 0 ? data[0] & 0x1f : 0;
    Credentials caller = CALLERS[data.length > 1 ? (data[1] & 0xff) % CALLERS.length : 0];
    byte[] args = data.length > 2 ? Arrays.copyOfRange(data, 2, data.length) : new byte[0];
    return new NfsCall(procedure, caller, args);
  }

  /**
   * Any call is answered — never an exception — and executing it twice from the same state gives
   * the same reply bytes and the same state.
   */
  @FuzzTest(maxDuration = "60s")
  void everyCallIsAnsweredAndTheSameTwice(byte[] data) {
    NfsCall call = call(data);
    AgreedValues at = new AgreedValues(2_000_000, 5);
    AbstractState first = PREPARED.copy();
    AbstractState second = PREPARED.copy();
    NfsReply a = SPEC.execute(first, call, at);
    NfsReply b = SPEC.execute(second, call, at);
    assertThat(a).isNotNull();
    assertThat(b.outcome()).isEqualTo(a.outcome());
    assertThat(b.result()).isEqualTo(a.result());
    assertThat(second).isEqualTo(first);
    Procedure p = Procedure.byNumber(call.procedure());
    if (p != null && p.readOnly()) {
      assertThat(first).as("a read-only procedure changes nothing").isEqualTo(PREPARED);
    }
  }

  /**
   * Arguments decode only from their canonical encoding (RFC 4506: zero padding, booleans 0 or 1,
   * lengths within the input): whatever decodes re-encodes to exactly the same bytes, so replicas
   * that compare requests byte by byte agree on what they mean; anything else is malformed, never
   * another exception. Byte 0 picks the procedure (1–21), the rest are its arguments.
   */
  @FuzzTest(maxDuration = "60s")
  void argumentsDecodeOnlyFromTheirCanonicalEncoding(byte[] data) {
    if (data.length == 0) {
      return;
    }
    Procedure p = Procedure.byNumber(1 + (data[0] & 0xff) % 21); // NULL takes no arguments
    byte[] args = Arrays.copyOfRange(data, 1, data.length);
    XdrAble decoded;
    try {
      decoded = XdrCodec.decode(args, TABLE.handler(p).newArguments());
    } catch (MalformedXdrException e) {
      return;
    }
    assertThat(XdrCodec.encode(decoded)).as("%s arguments re-encoded", p).isEqualTo(args);
  }
}
