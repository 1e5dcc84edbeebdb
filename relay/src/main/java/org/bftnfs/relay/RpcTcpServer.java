package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 *   TransportFilter → RecordSizeLimitFilter → RpcMessageParserTCP (oncrpc4j)
 *     → CallScreeningFilter → RpcProtocolFilter (oncrpc4j) → CallRouter
 * </pre>
 *
 * oncrpc4j's {@code OncRpcSvc} builds a fixed chain with no place for a record limit, so the relay
 * assembles the chain itself from the library's public filters. The selector threads run the
 * filters only; calls are handled on the router's workers. One transport can listen on several
 * ports.
 */
final class RpcTcpServer {

  private static final int BACKLOG = 128;

  private final TCPNIOTransport transport;
  private final ReplyQueue replyQueue = new ReplyQueue();

  /**
   * @param name thread name prefix
   * @param selectorThreads number of selector threads
   * @param maxRecordSize largest record accepted (see {@link RecordSizeLimitFilter})
   * @param router the last filter
   */
  RpcTcpServer(String name, int selectorThreads, int maxRecordSize, CallRouter router) {
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
            .add(new RecordSizeLimitFilter(maxRecordSize))
            .add(new RpcMessageParserTCP())
            .add(new CallScreeningFilter(replyQueue, System::nanoTime))
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
  }

  /** Closes every listener and connection at once. */
  void stop() throws IOException {
    try {
      transport.shutdownNow();
    } finally {
      replyQueue.shutdown();
    }
  }
}
