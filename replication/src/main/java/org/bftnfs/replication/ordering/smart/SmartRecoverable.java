package org.bftnfs.replication.ordering.smart;

import bftsmart.statemanagement.ApplicationState;
import bftsmart.statemanagement.StateManager;
import bftsmart.tom.MessageContext;
import bftsmart.tom.server.defaultservices.DefaultApplicationState;
import bftsmart.tom.server.defaultservices.DefaultSingleRecoverable;
import bftsmart.tom.server.defaultservices.StateLog;
import java.lang.reflect.Field;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;

/**
 * Adapts an {@link OrderedApplication} to BFT-SMaRt's {@code SingleExecutable} path, the one that
 * replies in this fork, with the library's in-memory checkpoint log and state transfer ({@link
 * DefaultSingleRecoverable}: a snapshot every checkpoint period, the ordered requests since then
 * kept in memory; a lagging or restarted replica installs a peer's snapshot and replays that log).
 *
 * <p>Requests and replies are framed ({@link Frames}): pings are answered here (with whether the
 * replica has finished starting up), application frames go to the application with their frame byte
 * removed. Ordered execution and snapshots run on the library's delivery thread (the very first
 * snapshot on the thread that builds the replica), under the library's state lock; unordered
 * execution runs on a Netty I/O thread, concurrently with them.
 *
 * <p>An exception from the application's ordered execution or snapshot code would leave the replica
 * half-alive (the delivery thread dies while the rest keeps voting), so it is reported to {@code
 * onFailure}, which stops the replica, and rethrown.
 */
final class SmartRecoverable extends DefaultSingleRecoverable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SmartRecoverable.class);

  private final OrderedApplication app;
  private final SmartStateManager states;
  private final Consumer<RuntimeException> onFailure;
  private final Supplier<ExecutionWatchdog.Status> status;

  /**
   * @param status the replica's execution status for pongs (null until it is known)
   */
  SmartRecoverable(
      OrderedApplication app,
      SmartStateManager states,
      Consumer<RuntimeException> onFailure,
      Supplier<ExecutionWatchdog.Status> status) {
    this.app = app;
    this.states = states;
    this.onFailure = onFailure;
    this.status = status;
  }

  /**
   * The library's request verifier: only application frames the application verifies may be ordered
   * (a ping is answered on the unordered path only). Never throws: a failure of the application's
   * check refuses the request.
   */
  boolean verify(byte[] command) {
    if (Frames.kind(command) != Frames.APPLICATION) {
      return false;
    }
    try {
      return app.verify(Frames.payload(command));
    } catch (RuntimeException e) {
      LOG.warn("the application's request check failed; request refused", e);
      return false;
    }
  }

  /**
   * The state up to instance {@code cid}, as the library builds it — and also when {@code cid} is
   * exactly this replica's last checkpoint with nothing logged after it, which the library refuses
   * to send (its log forgets its last instance at every checkpoint, and it sends nothing without
   * the proof of the last logged decision). A replica asking for the state at a checkpoint's
   * instance while the group is idle there would otherwise never get it: every peer holds exactly
   * that checkpoint and none sends it. Sent without a proof of the last decision; the asking
   * replica installs it only when f+1 peers sent the same (see {@link SmartStateManager}).
   */
  @Override
  public ApplicationState getState(int cid, boolean sendState) {
    ApplicationState ret = super.getState(cid, sendState);
    if (ret.hasState() || cid < 0) {
      return ret;
    }
    try {
      ReentrantLock lock = (ReentrantLock) libraryField("logLock");
      lock.lock();
      try {
        StateLog log = (StateLog) libraryField("log");
        if (log == null || log.getLastCheckpointCID() != cid || log.getNumBatches() > 0) {
          return ret;
        }
        return new DefaultApplicationState(
            null,
            cid,
            cid,
            sendState ? log.getState() : null,
            log.getStateHash(),
            replicaContext.getStaticConfiguration().getProcessId());
      } finally {
        lock.unlock();
      }
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "BFT-SMaRt's DefaultSingleRecoverable is not laid out as in 0.0.8.RELEASE", e);
    }
  }

  private Object libraryField(String name) throws ReflectiveOperationException {
    Field f = DefaultSingleRecoverable.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(this);
  }

  @Override
  public StateManager getStateManager() {
    return states;
  }

  @Override
  public byte[] appExecuteOrdered(byte[] command, MessageContext msgCtx) {
    switch (Frames.kind(command)) {
      case Frames.APPLICATION:
        OrderContext context =
            new OrderContext(msgCtx.getTimestamp(), msgCtx.getConsensusId(), msgCtx.getSender());
        try {
          return Frames.wrap(
              Frames.APPLICATION, app.executeOrdered(Frames.payload(command), context));
        } catch (RuntimeException e) {
          onFailure.accept(e);
          throw e;
        }
      case Frames.PING:
        return pong();
      default:
        return new byte[] {Frames.REJECTED};
    }
  }

  /** The answer to a ping: whether this replica has finished starting up, and how it executes. */
  private byte[] pong() {
    return Frames.pong(!states.initializing(), status.get());
  }

  /**
   * Unordered execution, refused while the replica starts or fetches state: between installing a
   * checkpoint and replaying the requests ordered after it, its state is older than what it already
   * answered (a client reading it then would see a file it just read disappear). The client counts
   * the refusal as no answer.
   */
  @Override
  public byte[] appExecuteUnordered(byte[] command, MessageContext msgCtx) {
    switch (Frames.kind(command)) {
      case Frames.APPLICATION:
        if (states.isRetrievingState()) {
          return new byte[] {Frames.REJECTED};
        }
        return Frames.wrap(Frames.APPLICATION, app.executeUnordered(Frames.payload(command)));
      case Frames.PING:
        return pong();
      default:
        return new byte[] {Frames.REJECTED};
    }
  }

  @Override
  public byte[] getSnapshot() {
    try {
      return app.snapshot();
    } catch (RuntimeException e) {
      onFailure.accept(e);
      throw e;
    }
  }

  @Override
  public void installSnapshot(byte[] state) {
    try {
      app.install(state);
      states.forgetPendingRequests();
    } catch (RuntimeException e) {
      onFailure.accept(e);
      throw e;
    }
  }
}
