package org.bftnfs.statetransfer.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;
import org.bftnfs.statetransfer.CheckpointCertificate;
import org.bftnfs.statetransfer.CheckpointStatement;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * Coverage-guided fuzzing of what a peer's bytes reach during state transfer (paper §3.4: a faulty
 * replica may send anything): the fetch protocol's arguments and results, and the signed checkpoint
 * statements and certificates. Each decoder must refuse what is not its encoding with its own error
 * — never another exception, never an allocation the input does not justify — and what it accepts
 * has one canonical encoding.
 *
 * <p>Regression mode runs the inputs under {@code
 * src/test/resources/org/bftnfs/statetransfer/rpc/StateTransferFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/testing.md).
 */
class StateTransferFuzzTest {

  /** Bounds as small as a test needs, so oversized lengths are reached cheaply. */
  private static final int MAX_OBJECT = 4096;

  private static final int MAX_DIGESTS = 64;

  @SuppressWarnings("unchecked")
  private static final Supplier<XdrAble>[] MESSAGES =
      new Supplier[] {
        ObjectArgs::new,
        () -> new ObjectResult(MAX_OBJECT, MAX_OBJECT),
        ChildrenArgs::new,
        () -> new ChildrenResult(MAX_DIGESTS),
        StatementArgs::new,
        () -> new StatementResult(7),
      };

  /**
   * Byte 0 picks the message (arguments and results of OBJECT, CHILDREN and STATEMENT), the rest is
   * its XDR.
   */
  @FuzzTest(maxDuration = "60s")
  void protocolMessagesDecodeOnlyFromTheirEncoding(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    int kind = (data[0] & 0xff) % MESSAGES.length;
    XdrAble message = MESSAGES[kind].get();
    try {
      decode(Arrays.copyOfRange(data, 1, data.length), message);
    } catch (IOException e) {
      return; // malformed: refused with the protocol's error (OncRpcException, BadXdr...)
    }
    // what was accepted encodes canonically: decoding that encoding gives the same encoding
    byte[] canonical = encode(message);
    XdrAble again = MESSAGES[kind].get();
    decode(canonical, again);
    assertThat(encode(again))
        .as("%s re-encoded", message.getClass().getSimpleName())
        .isEqualTo(canonical);
  }

  private static void decode(byte[] bytes, XdrAble into) throws IOException {
    try (Xdr in = new Xdr(bytes)) {
      in.beginDecoding();
      into.xdrDecode(in);
      in.endDecoding();
    }
  }

  private static byte[] encode(XdrAble message) throws IOException {
    try (Xdr out = new Xdr(Xdr.INITIAL_XDR_SIZE)) {
      out.beginEncoding();
      message.xdrEncode(out);
      out.endEncoding();
      var buffer = out.asBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }
  }

  /** Byte 0 picks statement or certificate; the rest is the encoding. */
  @FuzzTest(maxDuration = "60s")
  void checkpointStatementsAndCertificatesDecodeOnlyFromTheirEncoding(byte[] data) {
    if (data.length == 0) {
      return;
    }
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    try {
      if ((data[0] & 1) == 0) {
        assertThat(CheckpointStatement.decode(body).encode()).isEqualTo(body);
      } else {
        assertThat(CheckpointCertificate.decode(body).encode()).isEqualTo(body);
      }
    } catch (IllegalArgumentException e) {
      // refused: not such an encoding
    }
  }
}
