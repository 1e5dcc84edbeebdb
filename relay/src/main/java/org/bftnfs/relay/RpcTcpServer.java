package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dcache.oncrpc4j.rpc.ReplyQueue;
import org.dcache.oncrpc4j.rpc.RpcMessageParserTCP;
import org.dcache.oncrpc4j.rpc.RpcProtocolFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;

/**
 * One Grizzly TCP transport running oncrpc4j's RPC filters with the relay's own around them:
 *
 * <pre>
 *   TransportFilter → ConnectionGuard → RpcMessageParserTCP (oncrpc4j)
 *     → CallScreeningFilter → RpcProtocolFilter (oncrpc4j) → CallRouter
 * </pre>
 *
 * oncrpc4j's {@code OncRpcSvc} builds a fixed chain with no place for a record limit, so the relay
 * assembles the chain itself from the library's public filters. The selector threads run the
 * filters only; calls are handled on the router's workers. One transport can listen on several
 * ports. A timer thread runs {@link ConnectionGuard#sweep()} every {@link #SWEEP_PERIOD_MS} ms
 * between {@link #start()} and {@link #stop()}.
 */
final class RpcTcpServer {

  private static final int BACKLOG = 128;

  /** How often the connection timeouts are checked. */
  static final long SWEEP_PERIOD_MS = 200;

  private final TCPNIOTransport transport;
  private final ReplyQueue replyQueue = new ReplyQueue();
  private final ConnectionGuard guard;
  private final ScheduledExecutorService timer;

  /**
   * @param name thread name prefix
   * @param selectorThreads number of selector threads
   * @param maxRecordSize largest record accepted (see {@link ConnectionGuard})
   * @param limits what clients may hold (see {@link ConnectionGuard})
   * @param nanoTime the time source of timeouts and rate-limited warnings ({@code System::nanoTime}
   *     outside tests)
   * @param router the last filter
   */
  RpcTcpServer(
      String name,
      int selectorThreads,
      int maxRecordSize,
      ConnectionLimits limits,
      LongSupplier nanoTime,
      CallRouter router) {
    this.guard = new ConnectionGuard(maxRecordSize, limits, nanoTime);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, name + "-timeouts");
              thread.setDaemon(true);
              return thread;
            });
    ThreadPoolConfig selectors =
        ThreadPoolConfig.defaultConfig()
            .setCorePoolSize(selectorThreads)
            .setMaxPoolSize(selectorThreads)
            .setPoolName(name)
            .setDaemon(true);
    transport =
        TCPNIOTransportBuilder.newInstance()
            .setReuseAddress(true)
            .setTcpNoDelay(true)
            .setIOStrategy(SameThreadIOStrategy.getInstance())
            .setSelectorThreadPoolConfig(selectors)
            .setSelectorRunnersCount(selectorThreads)
            .build();
    transport.setProcessor(
        FilterChainBuilder.stateless()
            .add(new TransportFilter())
            .add(guard)
            .add(new RpcMessageParserTCP())
            .add(new CallScreeningFilter(replyQueue, nanoTime, router.undelivered()))
            .add(new RpcProtocolFilter(replyQueue))
            .add(router)
            .build());
  }

  /**
   * Listens on {@code host:port} ({@code port} 0 picks a free one).
   *
   * @return the bound address
   * @throws IOException when the address cannot be bound (e.g. {@link java.net.BindException})
   */
  InetSocketAddress bind(String host, int port) throws IOException {
    TCPNIOServerConnection connection = transport.bind(host, port, BACKLOG);
    return (InetSocketAddress) connection.getLocalAddress();
  }

  /** Starts serving the bound addresses. */
  void start() throws IOException {
    transport.start();
    timer.scheduleWithFixedDelay(
        guard::sweep, SWEEP_PERIOD_MS, SWEEP_PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  /** The guard that tracks connections (for tests and statistics). */
  ConnectionGuard guard() {
    return guard;
  }

  /** Closes every listener and connection at once. */
  void stop() throws IOException {
    timer.shutdownNow();
    try {
      transport.shutdownNow();
    } finally {
      replyQueue.shutdown();
    }
  }
}
