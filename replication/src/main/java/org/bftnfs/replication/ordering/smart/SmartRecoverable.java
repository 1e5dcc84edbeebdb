package org.bftnfs.replication.ordering.smart;

import bftsmart.reconfiguration.ServerViewController;
import bftsmart.reconfiguration.util.TOMConfiguration;
import bftsmart.statemanagement.ApplicationState;
import bftsmart.statemanagement.StateManager;
import bftsmart.tom.MessageContext;
import bftsmart.tom.ReplicaContext;
import bftsmart.tom.server.Recoverable;
import bftsmart.tom.server.SingleExecutable;
import bftsmart.tom.server.defaultservices.CommandsInfo;
import bftsmart.tom.server.defaultservices.DefaultApplicationState;
import bftsmart.tom.server.defaultservices.StateLog;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;

/**
 * Adapts an {@link OrderedApplication} to BFT-SMaRt's {@code SingleExecutable} path, the one that
 * replies in this fork, with the engine's in-memory checkpoint log and state transfer: a snapshot
 * at each checkpoint ({@link CheckpointRule}: every checkpoint period, or earlier when the requests
 * ordered since the last one reach a byte bound), the ordered requests since then kept in memory
 * (the library's {@link StateLog}); a lagging or restarted replica installs a peer's snapshot and
 * replays that log.
 *
 * <p>It does what the library's {@code DefaultSingleRecoverable} does, with two differences: the
 * byte bound (the library checkpoints only every period, so a client writing large files made every
 * replica hold period × batch bytes — 128 instances of 4 MiB — and run out of memory at the same
 * moment), and a state at exactly the last checkpoint with nothing logged after it, which the
 * library refuses to send ({@link #getState}).
 *
 * <p>Requests and replies are framed ({@link Frames}): pings are answered here (with whether the
 * replica has finished starting up), application frames go to the application with their frame byte
 * removed. Ordered execution and snapshots run on the library's delivery thread (the very first
 * snapshot on the thread that builds the replica), under the state lock; unordered execution runs
 * on a Netty I/O thread, concurrently with them.
 *
 * <p>An exception from the application's ordered execution or snapshot code would leave the replica
 * half-alive (the delivery thread dies while the rest keeps voting), so it is reported to {@code
 * onFailure}, which stops the replica, and rethrown.
 */
final class SmartRecoverable implements SingleExecutable, Recoverable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SmartRecoverable.class);

  private final OrderedApplication app;
  private final SmartStateManager states;
  private final Consumer<RuntimeException> onFailure;
  private final Supplier<ExecutionWatchdog.Status> status;
  private final CheckpointRule rule;

  /** Guards {@link #log}: the delivery thread writes it, the state manager reads it. */
  private final ReentrantLock logLock = new ReentrantLock();

  /** Held while the application executes, snapshots or installs. */
  private final ReentrantLock stateLock = new ReentrantLock();

  /** Guards {@link #md5}. */
  private final ReentrantLock hashLock = new ReentrantLock();

  /** The state hash the engine compares (its own {@code computeHash} is MD5 too). */
  private final MessageDigest md5;

  private TOMConfiguration config;
  private ServerViewController controller;
  private StateLog log;

  /** The requests of the batch being executed, and their contexts (delivery thread only). */
  private List<byte[]> commands = new ArrayList<>();

  private List<MessageContext> contexts = new ArrayList<>();

  /** Bytes of the requests of the batch being executed (delivery thread only). */
  private long batchBytes;

  /** Bytes of the requests logged since the last checkpoint (under {@link #logLock}). */
  private long loggedBytes;

  /**
   * @param rule when checkpoints are taken (the same at every replica)
   * @param status the replica's execution status for pongs (null until it is known)
   */
  SmartRecoverable(
      OrderedApplication app,
      SmartStateManager states,
      CheckpointRule rule,
      Consumer<RuntimeException> onFailure,
      Supplier<ExecutionWatchdog.Status> status) {
    this.app = app;
    this.states = states;
    this.rule = rule;
    this.onFailure = onFailure;
    this.status = status;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
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
   * The state up to instance {@code cid} from the log, when this replica holds it with the proof of
   * its last decision (as the library sends it) — and also when {@code cid} is exactly this
   * replica's last checkpoint with nothing logged after it, which the library refuses to send (its
   * log forgets its last instance at every checkpoint, and it sends nothing without the proof of
   * the last logged decision). A replica asking for the state at a checkpoint's instance while the
   * group is idle there would otherwise never get it: every peer holds exactly that checkpoint and
   * none sends it. Sent without a proof of the last decision; the asking replica installs it only
   * when f+1 peers sent the same (see {@link SmartStateManager}). Otherwise an empty state.
   */
  @Override
  public ApplicationState getState(int cid, boolean sendState) {
    logLock.lock();
    try {
      if (cid < 0 || log == null) {
        return new DefaultApplicationState();
      }
      DefaultApplicationState logged = log.getApplicationState(cid, sendState);
      if (logged != null && logged.getCertifiedDecision(controller) != null) {
        return logged;
      }
      if (log.getLastCheckpointCID() == cid && log.getNumBatches() == 0) {
        return new DefaultApplicationState(
            null,
            cid,
            cid,
            sendState ? log.getState() : null,
            log.getStateHash(),
            config.getProcessId());
      }
      return new DefaultApplicationState();
    } finally {
      logLock.unlock();
    }
  }

  /**
   * Installs a peer's state: the snapshot, then the requests logged after it, replayed through the
   * application; this replica's log becomes the installed one (and the bytes it counts towards the
   * next checkpoint those of the installed requests, as at every replica that executed them).
   *
   * @return the last instance the state covers, -1 for a state of another kind
   */
  @Override
  public int setState(ApplicationState received) {
    if (!(received instanceof DefaultApplicationState state)) {
      return -1;
    }
    logLock.lock();
    try {
      initLog();
      log.update(state);
      loggedBytes = bytesOf(state.getMessageBatches());
    } finally {
      logLock.unlock();
    }
    int lastCheckpoint = state.getLastCheckpointCID();
    int lastCid = state.getLastCID();
    LOG.info(
        "installing the state of consensus {}: snapshot of {}, then {} logged instances",
        lastCid,
        lastCheckpoint,
        lastCid - lastCheckpoint);
    stateLock.lock();
    try {
      installSnapshot(state.getState());
      for (int cid = lastCheckpoint + 1; cid <= lastCid; cid++) {
        CommandsInfo batch = state.getMessageBatch(cid);
        if (batch == null
            || batch.commands == null
            || batch.msgCtx == null
            || batch.msgCtx.length == 0
            || batch.msgCtx[0].isNoOp()) {
          continue;
        }
        for (int i = 0; i < batch.commands.length; i++) {
          appExecuteOrdered(batch.commands[i], batch.msgCtx[i]);
        }
      }
    } finally {
      stateLock.unlock();
    }
    return lastCid;
  }

  private static long bytesOf(CommandsInfo[] batches) {
    long n = 0;
    if (batches != null) {
      for (CommandsInfo b : batches) {
        if (b != null && b.commands != null) {
          for (byte[] c : b.commands) {
            n += c == null ? 0 : c.length;
          }
        }
      }
    }
    return n;
  }

  @Override
  public void setReplicaContext(ReplicaContext replicaContext) {
    this.config = replicaContext.getStaticConfiguration();
    this.controller = replicaContext.getSVController();
    logLock.lock();
    try {
      initLog();
    } finally {
      logLock.unlock();
    }
    getStateManager().askCurrentConsensusId();
  }

  /** Creates the log over the initial snapshot if there is none yet (under {@link #logLock}). */
  private void initLog() {
    if (log == null) {
      byte[] initial = snapshotLocked();
      log = new StateLog(config.getProcessId(), rule.period(), initial, hash(initial));
      loggedBytes = 0;
    }
  }

  private byte[] hash(byte[] data) {
    hashLock.lock();
    try {
      return md5.digest(data);
    } finally {
      hashLock.unlock();
    }
  }

  @Override
  public byte[] executeOrdered(byte[] command, MessageContext msgCtx) {
    return executeOrdered(command, msgCtx, false);
  }

  /**
   * Executes one ordered request (unless {@code noop}: a decided request this replica does not
   * execute, only logs) and, after the last of its batch, logs the batch or takes a checkpoint.
   */
  private byte[] executeOrdered(byte[] command, MessageContext msgCtx, boolean noop) {
    byte[] reply = null;
    if (!noop) {
      stateLock.lock();
      try {
        reply = appExecuteOrdered(command, msgCtx);
      } finally {
        stateLock.unlock();
      }
    }
    commands.add(command);
    contexts.add(msgCtx);
    batchBytes += command.length;
    if (msgCtx.isLastInBatch()) {
      int cid = msgCtx.getConsensusId();
      logLock.lock();
      try {
        if (rule.checkpointAfter(cid, loggedBytes + batchBytes)) {
          byte[] snapshot = snapshotLocked();
          log.newCheckpoint(snapshot, hash(snapshot), cid);
          log.setLastCID(-1);
          log.setLastCheckpointCID(cid);
          loggedBytes = 0;
        } else {
          logBatches(commands, contexts);
          loggedBytes += batchBytes;
        }
      } finally {
        logLock.unlock();
      }
      getStateManager().setLastCID(cid);
      commands = new ArrayList<>();
      contexts = new ArrayList<>();
      batchBytes = 0;
    }
    return reply;
  }

  /** Logs the requests executed since the last batch, one log entry per consensus instance. */
  private void logBatches(List<byte[]> cmds, List<MessageContext> ctxs) {
    int from = 0;
    for (int i = 1; i <= ctxs.size(); i++) {
      if (i == ctxs.size() || ctxs.get(i).getConsensusId() != ctxs.get(from).getConsensusId()) {
        log.addMessageBatch(
            cmds.subList(from, i).toArray(new byte[0][]),
            ctxs.subList(from, i).toArray(new MessageContext[0]),
            ctxs.get(from).getConsensusId());
        from = i;
      }
    }
  }

  private byte[] snapshotLocked() {
    stateLock.lock();
    try {
      return getSnapshot();
    } finally {
      stateLock.unlock();
    }
  }

  @Override
  public byte[] executeUnordered(byte[] command, MessageContext msgCtx) {
    return appExecuteUnordered(command, msgCtx);
  }

  /** Requests are logged by {@link #executeOrdered}, not here. */
  @Override
  public void Op(int cid, byte[] requests, MessageContext msgCtx) {}

  @Override
  public void noOp(int cid, byte[][] operations, MessageContext[] msgCtx) {
    for (int i = 0; i < msgCtx.length; i++) {
      executeOrdered(operations[i], msgCtx[i], true);
    }
  }

  @Override
  public StateManager getStateManager() {
    return states;
  }

  private byte[] appExecuteOrdered(byte[] command, MessageContext msgCtx) {
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
  private byte[] appExecuteUnordered(byte[] command, MessageContext msgCtx) {
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

  private byte[] getSnapshot() {
    try {
      return app.snapshot();
    } catch (RuntimeException e) {
      onFailure.accept(e);
      throw e;
    }
  }

  private void installSnapshot(byte[] state) {
    try {
      app.install(state);
      states.forgetPendingRequests();
    } catch (RuntimeException e) {
      onFailure.accept(e);
      throw e;
    }
  }
}
