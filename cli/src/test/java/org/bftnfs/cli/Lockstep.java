package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.testkit.rpc.NfsTestClient;

/**
 * Sends each call to two servers, one after the other, and fails at the first call whose replies
 * differ in any byte; counts the calls compared.
 */
final class Lockstep {

  private final NfsTestClient first;
  private final NfsTestClient second;
  private final String names;
  private int calls;

  /**
   * @param first the server whose reply is returned
   * @param second the server that must answer the same bytes
   * @param names the two servers, for messages
   */
  Lockstep(NfsTestClient first, NfsTestClient second, String names) {
    this.first = first;
    this.second = second;
    this.names = names;
  }

  /** Sends {@code call} to both servers; returns the (identical) reply. */
  NfsReply call(NfsCall call)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    NfsReply a = first.call(call);
    NfsReply b = second.call(call);
    calls++;
    String what = "call #" + calls + " (" + Procedure.byNumber(call.procedure()) + ") on " + names;
    assertThat(b.outcome()).as(what).isEqualTo(a.outcome());
    assertThat(Arrays.mismatch(a.result(), b.result()))
        .as(
            "%s: first differing byte of the replies (%d and %d bytes)",
            what, a.result().length, b.result().length)
        .isEqualTo(-1);
    return a;
  }

  /** How many calls were compared. */
  int calls() {
    return calls;
  }
}
