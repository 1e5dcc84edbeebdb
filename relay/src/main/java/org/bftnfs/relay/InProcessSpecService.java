package org.bftnfs.relay;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.NfsService;
import org.bftnfs.spec.service.ServiceUnavailableException;

/**
 * An unreplicated {@link NfsService}: the reference implementation ({@link AbstractSpec}) executing
 * every call on one {@link AbstractState}.
 *
 * <p><b>The state lives in memory only</b>: it starts as the specification's initial state (an
 * empty root directory) and is lost when the process ends.
 *
 * <p>Calls are executed one at a time, in the order they reach the injected executor, which must
 * run one task at a time (e.g. {@link java.util.concurrent.Executors#newSingleThreadExecutor()});
 * {@link #invoke} only queues the call. The agreed time of each execution is read from the injected
 * {@link Clock} and made strictly monotonic ({@link MonotonicAgreedTime}). The executor belongs to
 * the caller, who shuts it down after {@link #close()}.
 */
public final class InProcessSpecService implements NfsService {

  private final AbstractSpec spec;
  private final Executor executor;
  private final MonotonicAgreedTime time;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object lock = new Object();
  private AbstractState state;

  /**
   * @param spec the reference implementation (with its configuration)
   * @param executor runs the executions, one at a time
   * @param clock source of the agreed time
   */
  public InProcessSpecService(AbstractSpec spec, Executor executor, Clock clock) {
    this.spec = spec;
    this.executor = executor;
    this.time = new MonotonicAgreedTime(clock);
  }

  @Override
  public CompletionStage<NfsReply> invoke(NfsCall call) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("service closed"));
    }
    try {
      return CompletableFuture.supplyAsync(() -> execute(call), executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new ServiceUnavailableException("executor rejected the call: " + e.getMessage()));
    }
  }

  private NfsReply execute(NfsCall call) {
    synchronized (lock) {
      if (state == null) {
        state = spec.initialState();
      }
      return spec.execute(state, call, time.next());
    }
  }

  /** Refuses further calls; calls already queued still run. */
  @Override
  public void close() {
    closed.set(true);
  }
}
