package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.bftnfs.statetransfer.CheckpointStore;
import org.bftnfs.statetransfer.CheckpointView;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.TreeShape;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.OncRpcSvc;
import org.dcache.oncrpc4j.rpc.OncRpcSvcBuilder;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrVoid;

/**
 * The serving side of the fetch protocol: answers {@link StateTransferProgram} calls over TCP from
 * the checkpoints a replica's {@link CheckpointStore} holds, while the replica's state runs ahead.
 *
 * <ul>
 *   <li>CHILDREN(seq, level, index): the {@code fanout} digests of {@link CheckpointView#children};
 *   <li>OBJECT(seq, index): {@link CheckpointView#value};
 *   <li>a checkpoint the store does not hold answers {@link StateTransferProgram#NOT_HELD}, a node
 *       or object outside the tree (or level 0 for CHILDREN) {@link
 *       StateTransferProgram#NO_SUCH_NODE};
 *   <li>arguments that do not decode, or a record longer than the arguments, get the RPC error
 *       GARBAGE_ARGS; an unknown procedure PROC_UNAVAIL; the server keeps serving.
 * </ul>
 *
 * The server checks nothing about its caller (AUTH_NONE is enough): everything it serves is
 * verified by the fetching replica against a certified root. It reads the store only while holding
 * {@code lock}, the lock the replica's execution thread holds whenever it touches the store.
 *
 * <p>Thread-safety: safe; calls are served on the server's worker threads, serialised on {@code
 * lock} for the store.
 */
public final class StateTransferServer implements AutoCloseable {

  private static final int WORKERS = 2;

  private final CheckpointStore store;
  private final Lock lock;
  private final OncRpcSvc svc;
  private final AtomicLong childrenServed = new AtomicLong();
  private final AtomicLong objectsServed = new AtomicLong();

  private StateTransferServer(CheckpointStore store, Lock lock, String host, int port) {
    this.store = Objects.requireNonNull(store, "store");
    this.lock = Objects.requireNonNull(lock, "lock");
    this.svc =
        new OncRpcSvcBuilder()
            .withTCP()
            .withBindAddress(host)
            .withPort(port)
            .withoutAutoPublish()
            .withWorkerThreadIoStrategy()
            .withWorkerThreadPoolSize(WORKERS)
            .withServiceName("state-transfer")
            .withRpcService(
                new OncRpcProgram(StateTransferProgram.PROGRAM, StateTransferProgram.VERSION),
                this::dispatch)
            .build();
  }

  /**
   * Starts a server over {@code store}.
   *
   * @param store the checkpoints to serve
   * @param lock held while reading {@code store}; the replica holds it whenever it uses the store
   * @param host the address to bind (an IP literal)
   * @param port the TCP port, 0 for an ephemeral one
   * @throws IOException if the address cannot be bound
   */
  public static StateTransferServer start(CheckpointStore store, Lock lock, String host, int port)
      throws IOException {
    StateTransferServer server = new StateTransferServer(store, lock, host, port);
    server.svc.start();
    return server;
  }

  /** The bound address (with the actual port). */
  public InetSocketAddress address() {
    return svc.getInetSocketAddress(IpProtocolType.TCP);
  }

  /** The number of CHILDREN calls answered OK. */
  public long childrenServed() {
    return childrenServed.get();
  }

  /** The number of OBJECT calls answered OK. */
  public long objectsServed() {
    return objectsServed.get();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() throws IOException {
    svc.stop();
  }

  private void dispatch(RpcCall call) throws IOException {
    switch (call.getProcedure()) {
      case StateTransferProgram.NULL -> {
        call.retrieveCall(XdrVoid.XDR_VOID);
        call.reply(XdrVoid.XDR_VOID);
      }
      case StateTransferProgram.CHILDREN -> {
        ChildrenArgs args = new ChildrenArgs();
        call.retrieveCall(args);
        call.reply(children(args));
      }
      case StateTransferProgram.OBJECT -> {
        ObjectArgs args = new ObjectArgs();
        call.retrieveCall(args);
        call.reply(object(args));
      }
      default -> call.failProcedureUnavailable();
    }
  }

  private ChildrenResult children(ChildrenArgs a) {
    List<Digest> digests;
    lock.lock();
    try {
      if (!store.has(a.seq)) {
        return new ChildrenResult(StateTransferProgram.NOT_HELD, List.of());
      }
      TreeShape s = store.shape();
      if (a.level < 1 || a.level > s.height() || a.index < 0 || a.index >= s.nodesAt(a.level)) {
        return new ChildrenResult(StateTransferProgram.NO_SUCH_NODE, List.of());
      }
      digests = store.at(a.seq).children(a.level, a.index);
    } finally {
      lock.unlock();
    }
    childrenServed.incrementAndGet();
    return new ChildrenResult(StateTransferProgram.OK, digests);
  }

  private ObjectResult object(ObjectArgs a) {
    byte[] value;
    lock.lock();
    try {
      if (!store.has(a.seq)) {
        return new ObjectResult(StateTransferProgram.NOT_HELD, new byte[0]);
      }
      if (a.index < 0 || a.index >= store.shape().capacity()) {
        return new ObjectResult(StateTransferProgram.NO_SUCH_NODE, new byte[0]);
      }
      value = store.valueAt(a.seq, a.index);
    } finally {
      lock.unlock();
    }
    objectsServed.incrementAndGet();
    return new ObjectResult(StateTransferProgram.OK, value);
  }
}
