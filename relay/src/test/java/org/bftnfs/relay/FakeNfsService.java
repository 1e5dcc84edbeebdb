package org.bftnfs.relay;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.NfsService;

/** An {@link NfsService} whose answers a test scripts; it records every call it receives. */
final class FakeNfsService implements NfsService {

  private final BlockingQueue<NfsCall> calls = new LinkedBlockingQueue<>();
  private volatile Function<NfsCall, CompletionStage<NfsReply>> behaviour =
      call -> CompletableFuture.completedFuture(NfsReply.success(new byte[4]));

  /** From now on answer every call with {@code answer}. */
  void answer(Function<NfsCall, CompletionStage<NfsReply>> answer) {
    this.behaviour = answer;
  }

  /** The next call the service received, waiting at most 5 s. */
  NfsCall nextCall() throws InterruptedException {
    NfsCall call = calls.poll(5, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError("the service received no call within 5 s");
    }
    return call;
  }

  /** True when no call has been received (and not yet taken by {@link #nextCall()}). */
  boolean noCalls() {
    return calls.isEmpty();
  }

  @Override
  public CompletionStage<NfsReply> invoke(NfsCall call) {
    calls.add(call);
    return behaviour.apply(call);
  }

  @Override
  public void close() {}
}
