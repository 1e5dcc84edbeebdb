package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.bftnfs.statetransfer.CheckpointStore;
import org.bftnfs.statetransfer.CheckpointView;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.SignedStatement;
import org.bftnfs.statetransfer.TreeShape;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.ReplyQueue;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.rpc.RpcDispatcher;
import org.dcache.oncrpc4j.rpc.RpcMessageParserTCP;
import org.dcache.oncrpc4j.rpc.RpcProtocolFilter;
import org.dcache.oncrpc4j.xdr.XdrVoid;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;

/**
 * The serving side of the fetch protocol: answers {@link StateTransferProgram} calls over TCP from
 * the checkpoints a replica's {@link CheckpointStore} holds, while the replica's state runs ahead.
 *
 * <ul>
 *   <li>CHILDREN(seq, level, index): the {@code fanout} digests of {@link CheckpointView#children};
 *   <li>OBJECT(seq, index, offset, count): at most {@code min(count, MAX_PART)} bytes of the value
 *       of the object from {@code offset}, with the value's length ({@link CheckpointStore#partAt}:
 *       a large value is copied once, as a stream, and served in parts from the copy);
 *   <li>STATEMENT(seq): the replica's own signed ⟨seq, root⟩ of a checkpoint it keeps, from its
 *       {@link StatementSource} (NOT_HELD when it has none);
 *   <li>a checkpoint the store does not hold answers {@link StateTransferProgram#NOT_HELD}, a node
 *       or object outside the tree (or level 0 for CHILDREN) {@link
 *       StateTransferProgram#NO_SUCH_NODE};
 *   <li>arguments that do not decode, or a record longer than the arguments, get the RPC error
 *       GARBAGE_ARGS; an unknown procedure PROC_UNAVAIL; the server keeps serving;
 *   <li>a connection whose record announces more than {@link #MAX_RECORD_BYTES} is closed with a
 *       WARN line as soon as the fragment header arrives ({@link RecordLimitFilter}), before any of
 *       the record is buffered; other connections are served as before.
 * </ul>
 *
 * <p>oncrpc4j's {@code OncRpcSvc} assembles a fixed filter chain with no room for such a limit, so
 * the server assembles the chain from the library's public filters itself: transport, record limit,
 * record parser, RPC protocol, dispatcher (calls run on two worker threads).
 *
 * <p>The server checks nothing about its caller (AUTH_NONE is enough): everything it serves is
 * verified by the fetching replica against a certified root. It reads the store only while holding
 * {@code lock}, the lock the replica's execution thread holds whenever it touches the store.
 *
 * <p>Thread-safety: safe; calls are served on the server's worker threads, serialised on {@code
 * lock} for the store.
 */
public final class StateTransferServer implements AutoCloseable {

  private static final int WORKERS = 2;
  private static final int BACKLOG = 64;

  /**
   * The largest call record accepted (fragment headers included). Every call of the protocol is a
   * few dozen bytes of arguments after an RPC header of at most about 850 bytes (two 400-byte
   * authentication bodies), so this leaves ample room while no peer can make the server hold more.
   */
  public static final int MAX_RECORD_BYTES = 8 * 1024;

  private final CheckpointStore store;
  private final StatementSource statements;
  private final ServedAnswers answers;
  private final Lock lock;
  private final ExecutorService workers;
  private final ReplyQueue replyQueue = new ReplyQueue();
  private final RecordLimitFilter recordLimit = new RecordLimitFilter(MAX_RECORD_BYTES);
  private final TCPNIOTransport transport;
  private final InetSocketAddress address;
  private final AtomicLong childrenServed = new AtomicLong();
  private final AtomicLong objectsServed = new AtomicLong();
  private final AtomicLong statementsServed = new AtomicLong();

  private StateTransferServer(
      CheckpointStore store,
      StatementSource statements,
      ServedAnswers answers,
      Lock lock,
      String host,
      int port)
      throws IOException {
    this.store = Objects.requireNonNull(store, "store");
    this.statements = Objects.requireNonNull(statements, "statements");
    this.answers = Objects.requireNonNull(answers, "answers");
    this.lock = Objects.requireNonNull(lock, "lock");
    this.workers = Executors.newFixedThreadPool(WORKERS, daemon("state-transfer-worker"));
    ThreadPoolConfig selector =
        ThreadPoolConfig.defaultConfig()
            .setCorePoolSize(1)
            .setMaxPoolSize(1)
            .setPoolName("state-transfer-selector")
            .setDaemon(true);
    this.transport =
        TCPNIOTransportBuilder.newInstance()
            .setReuseAddress(true)
            .setTcpNoDelay(true)
            .setIOStrategy(SameThreadIOStrategy.getInstance())
            .setSelectorThreadPoolConfig(selector)
            .setSelectorRunnersCount(1)
            .build();
    transport.setProcessor(
        FilterChainBuilder.stateless()
            .add(new TransportFilter())
            .add(recordLimit)
            .add(new RpcMessageParserTCP())
            .add(new RpcProtocolFilter(replyQueue))
            .add(
                new RpcDispatcher(
                    workers,
                    Map.of(
                        new OncRpcProgram(
                            StateTransferProgram.PROGRAM, StateTransferProgram.VERSION),
                        (RpcDispatchable) this::dispatch),
                    false,
                    call -> {}))
            .build());
    try {
      TCPNIOServerConnection listener = transport.bind(host, port, BACKLOG);
      this.address = (InetSocketAddress) listener.getLocalAddress();
      transport.start();
    } catch (IOException | RuntimeException e) {
      stopAll();
      throw e;
    }
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
    return start(store, StatementSource.NONE, ServedAnswers.HONEST, lock, host, port);
  }

  /**
   * Starts a server over {@code store} that sends {@code answers} for what the store holds ({@link
   * ServedAnswers#HONEST} but in fault-injection tests).
   *
   * @throws IOException if the address cannot be bound
   */
  public static StateTransferServer start(
      CheckpointStore store, ServedAnswers answers, Lock lock, String host, int port)
      throws IOException {
    return start(store, StatementSource.NONE, answers, lock, host, port);
  }

  /**
   * Starts a server over {@code store} that also answers STATEMENT from {@code statements} (read
   * under {@code lock}), and sends {@code answers} for what the store holds.
   *
   * @throws IOException if the address cannot be bound
   */
  public static StateTransferServer start(
      CheckpointStore store,
      StatementSource statements,
      ServedAnswers answers,
      Lock lock,
      String host,
      int port)
      throws IOException {
    return new StateTransferServer(store, statements, answers, lock, host, port);
  }

  /** The bound address (with the actual port). */
  public InetSocketAddress address() {
    return address;
  }

  /** The number of CHILDREN calls answered OK. */
  public long childrenServed() {
    return childrenServed.get();
  }

  /** The number of values served to their end (OBJECT calls whose part ended a value). */
  public long objectsServed() {
    return objectsServed.get();
  }

  /** The number of STATEMENT calls answered OK. */
  public long statementsServed() {
    return statementsServed.get();
  }

  /**
   * The number of connections closed because a record announced more than {@link
   * #MAX_RECORD_BYTES}.
   */
  public long recordsRefused() {
    return recordLimit.refused();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() throws IOException {
    stopAll();
  }

  private void stopAll() throws IOException {
    try {
      transport.shutdownNow();
    } finally {
      workers.shutdownNow();
      replyQueue.shutdown();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicLong count = new AtomicLong();
    return task -> {
      Thread t = new Thread(task, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
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
      case StateTransferProgram.STATEMENT -> {
        StatementArgs args = new StatementArgs();
        call.retrieveCall(args);
        call.reply(statement(args));
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
      digests =
          answers.children(a.seq, a.level, a.index, store.at(a.seq).children(a.level, a.index));
    } finally {
      lock.unlock();
    }
    childrenServed.incrementAndGet();
    return new ChildrenResult(StateTransferProgram.OK, digests);
  }

  private ObjectResult object(ObjectArgs a) {
    CheckpointStore.ValuePart part;
    lock.lock();
    try {
      if (!store.has(a.seq)) {
        return new ObjectResult(StateTransferProgram.NOT_HELD, 0, new byte[0]);
      }
      if (a.index < 0 || a.index >= store.shape().capacity() || a.offset < 0 || a.count < 0) {
        return new ObjectResult(StateTransferProgram.NO_SUCH_NODE, 0, new byte[0]);
      }
      int count = Math.min(a.count, StateTransferProgram.MAX_PART);
      CheckpointStore.ValuePart honest = store.partAt(a.seq, a.index, a.offset, count);
      part =
          new CheckpointStore.ValuePart(
              honest.length(),
              answers.part(a.seq, a.index, a.offset, honest.length(), honest.bytes()));
    } finally {
      lock.unlock();
    }
    if (a.offset + part.bytes().length >= part.length()) {
      objectsServed.incrementAndGet(); // the last part of a value
    }
    return new ObjectResult(StateTransferProgram.OK, part.length(), part.bytes());
  }

  private StatementResult statement(StatementArgs a) {
    SignedStatement signed;
    lock.lock();
    try {
      signed = statements.statement(a.seq);
    } finally {
      lock.unlock();
    }
    if (signed == null
        || signed.seq() != a.seq
        || signed.signature().length > StateTransferProgram.MAX_SIGNATURE) {
      return new StatementResult(StateTransferProgram.NOT_HELD, null);
    }
    statementsServed.incrementAndGet();
    return new StatementResult(StateTransferProgram.OK, signed);
  }
}
