package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.spec.service.NfsService;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.nfs.nfs3;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NFSv3 + MOUNTv3 server real NFS clients talk to (paper §2.2, the "relay" on each client
 * host): it answers MOUNT itself and hands every NFS call to an {@link NfsService}.
 *
 * <p>Lifecycle: {@link #start()} binds and serves, {@link #stop()} closes every listener and
 * connection. The relay owns neither the service nor the worker executor; the caller closes them
 * after {@link #stop()}. A relay is started at most once.
 */
public final class Relay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  private final RelayConfig config;
  private final RpcTcpServer server;
  private final UndeliveredReplies undelivered;
  private final RpcbindRegistration rpcbind;
  private InetSocketAddress nfsAddress;
  private InetSocketAddress mountAddress;
  private boolean started;
  private boolean stopped;
  private boolean registering;

  /**
   * @param config where to listen and what to export
   * @param service executes NFS calls
   * @param handles the export's handle format (MNT returns its root handle)
   * @param workers runs call handling off the network threads (e.g. a small fixed pool)
   */
  public Relay(RelayConfig config, NfsService service, FileHandles handles, Executor workers) {
    this(
        config,
        service,
        handles,
        workers,
        System::nanoTime,
        new RpcbindRegistration("bftnfs"),
        InFlightBudget.forHeap(Runtime.getRuntime().maxMemory()));
  }

  /** As below, with the default budget of calls in flight. */
  Relay(
      RelayConfig config,
      NfsService service,
      FileHandles handles,
      Executor workers,
      LongSupplier nanoTime,
      RpcbindRegistration rpcbind) {
    this(
        config,
        service,
        handles,
        workers,
        nanoTime,
        rpcbind,
        InFlightBudget.forHeap(Runtime.getRuntime().maxMemory()));
  }

  /**
   * As {@link #Relay(RelayConfig, NfsService, FileHandles, Executor)}, with the time source of the
   * connection timeouts, the rpcbind to register with and the budget of calls in flight injected
   * (tests drive them).
   */
  Relay(
      RelayConfig config,
      NfsService service,
      FileHandles handles,
      Executor workers,
      LongSupplier nanoTime,
      RpcbindRegistration rpcbind,
      InFlightBudget budget) {
    this.config = config;
    this.rpcbind = rpcbind;
    this.undelivered = new UndeliveredReplies(nanoTime);
    CallRouter router =
        new CallRouter(
            new NfsProgram(service),
            new MountProgram(config.exportPath(), handles.root(), new MountTable()),
            workers,
            undelivered,
            budget,
            nanoTime);
    this.server =
        new RpcTcpServer(
            "bftnfs-relay",
            config.selectorThreads(),
            config.maxRecordSize(),
            config.limits(),
            nanoTime,
            router);
  }

  /**
   * Binds the listeners and starts serving; when this returns a client can mount.
   *
   * @throws java.net.BindException when a port is in use
   * @throws RpcbindException when registration with rpcbind was asked for and failed
   * @throws IOException on any other failure to listen
   */
  public synchronized void start() throws IOException {
    if (started) {
      throw new IllegalStateException("relay already started");
    }
    started = true;
    try {
      nfsAddress = server.bind(config.bindAddress(), config.nfsPort());
      mountAddress =
          config.sharedMountPort()
              ? nfsAddress
              : server.bind(config.bindAddress(), config.mountPort());
      server.start();
      if (config.registerWithRpcbind()) {
        registering = true;
        rpcbind.register(nfs3.NFS_PROGRAM, nfs3.NFS_V3, nfsAddress);
        rpcbind.register(mount3.MOUNT_PROGRAM, mount3.MOUNT_V3, mountAddress);
      }
    } catch (IOException | RuntimeException e) {
      cleanUpFailedStart(e);
      throw e;
    }
    LOG.info("relay listening: NFS on {}, MOUNT on {}", nfsAddress, mountAddress);
  }

  /** Stops serving; idempotent. Calls in progress are not answered. */
  public synchronized void stop() {
    if (!started || stopped) {
      return;
    }
    stopped = true;
    if (config.registerWithRpcbind()) {
      try {
        unregister();
      } catch (RpcbindException e) {
        LOG.warn("{}", e.getMessage());
      }
    }
    try {
      server.stop();
    } catch (IOException e) {
      LOG.warn("error while stopping the relay: {}", e.toString());
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** The NFS listener's address (after {@link #start()}). */
  public synchronized InetSocketAddress nfsAddress() {
    requireStarted();
    return nfsAddress;
  }

  /** The NFS port (after {@link #start()}). */
  public synchronized int nfsPort() {
    requireStarted();
    return nfsAddress.getPort();
  }

  /** The MOUNT port (after {@link #start()}); equals {@link #nfsPort()} when shared. */
  public synchronized int mountPort() {
    requireStarted();
    return mountAddress.getPort();
  }

  /** What the relay's clients hold now (connections, buffered bytes). */
  ConnectionGuard connections() {
    return server.guard();
  }

  /** How many replies could not be sent because the client hung up first (for tests). */
  long undeliveredReplies() {
    return undelivered.count();
  }

  /** The configuration this relay runs with. */
  public RelayConfig config() {
    return config;
  }

  /**
   * The libnfs URL of the export (after {@link #start()}), e.g. {@code
   * nfs://127.0.0.1/bftnfs?version=3&nfsport=2049&mountport=2049}.
   */
  public synchronized String url() {
    requireStarted();
    return url(urlHost(nfsAddress.getAddress()), config.exportPath(), nfsPort(), mountPort());
  }

  /**
   * Builds a libnfs URL: {@code nfs://HOST/EXPORT?version=3&nfsport=P&mountport=M}. With both ports
   * in the URL libnfs needs no portmapper.
   *
   * @param host host name or address (an IPv6 literal is put in brackets)
   * @param exportPath the export, starting with {@code /}
   */
  public static String url(String host, String exportPath, int nfsPort, int mountPort) {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return "nfs://" + h + exportPath + "?version=3&nfsport=" + nfsPort + "&mountport=" + mountPort;
  }

  private static String urlHost(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    return address.getHostAddress();
  }

  private void requireStarted() {
    if (nfsAddress == null) {
      throw new IllegalStateException("relay not started");
    }
  }

  private void cleanUpFailedStart(Exception cause) {
    stopped = true;
    if (registering) {
      try {
        unregister();
      } catch (RpcbindException e) {
        cause.addSuppressed(e);
      }
    }
    try {
      server.stop();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private void unregister() throws RpcbindException {
    RpcbindException failure = null;
    for (int[] program :
        new int[][] {{nfs3.NFS_PROGRAM, nfs3.NFS_V3}, {mount3.MOUNT_PROGRAM, mount3.MOUNT_V3}}) {
      try {
        rpcbind.unregister(program[0], program[1]);
      } catch (RpcbindException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
