package org.bftnfs.spec.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.upcall.ExecuteUpcall;
import org.bftnfs.spec.upcall.StateMachine;

/**
 * An unreplicated {@link NfsService}: one implementation of the specification executing every call,
 * one at a time, in the order the calls reach the injected executor (which must run one task at a
 * time, e.g. {@link java.util.concurrent.Executors#newSingleThreadExecutor()}); {@link #invoke}
 * only queues the call. The agreed values of each execution come from the injected {@link
 * AgreedTimeSource}. The executor belongs to the caller, who shuts it down after {@link #close()}.
 * An execution that throws completes its stage exceptionally (the relay answers {@code
 * NFS3ERR_SERVERFAULT}).
 */
public final class SerialService implements NfsService {

  private final ExecuteUpcall executable;
  private final Executor executor;
  private final AgreedTimeSource time;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object lock = new Object();

  /**
   * @param executable the execute upcall of one implementation of the specification (e.g. a {@link
   *     StateMachine})
   */
  public SerialService(ExecuteUpcall executable, Executor executor, AgreedTimeSource time) {
    this.executable = executable;
    this.executor = executor;
    this.time = time;
  }

  /**
   * The reference implementation on its initial state. <b>The state lives in memory only</b> and is
   * lost when the process ends.
   */
  public static SerialService reference(
      SpecConfig config, Executor executor, AgreedTimeSource time) {
    return new SerialService(StateMachine.reference(config), executor, time);
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
      return executable.execute(call, time.next());
    }
  }

  /** Refuses further calls; calls already queued still run. */
  @Override
  public void close() {
    closed.set(true);
  }
}
