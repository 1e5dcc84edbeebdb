package org.bftnfs.cli;

import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.relay.Relay;
import org.bftnfs.relay.RelayConfig;
import org.bftnfs.relay.RpcbindException;
import org.bftnfs.spec.SpecConfig;

/** What every command that runs a relay does the same way: its configuration and start. */
final class RelayStartup {

  /** Room for RPC and NFS headers beyond the largest WRITE payload in one record. */
  static final int HEADER_ALLOWANCE = 64 << 10;

  private RelayStartup() {}

  static RelayConfig config(
      String bind, int port, int mountPort, String export, boolean rpcbind, SpecConfig spec)
      throws UsageException {
    try {
      return RelayConfig.defaults()
          .withBindAddress(bind)
          .withPorts(port, mountPort)
          .withExportPath(export)
          .withRpcbindRegistration(rpcbind)
          .withMaxRecordSize(
              Math.max(RelayConfig.DEFAULT_MAX_RECORD_SIZE, spec.maxTransfer() + HEADER_ALLOWANCE));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Starts {@code relay}, turning bind and rpcbind failures into one-line usage errors. */
  static void start(Relay relay, RelayConfig config) throws UsageException {
    String where = config.bindAddress() + ":" + config.nfsPort();
    try {
      relay.start();
    } catch (RpcbindException e) {
      throw new UsageException(e.getMessage() + " (is rpcbind running?)");
    } catch (BindException e) {
      if (!config.sharedMountPort()) {
        where = where + " or " + config.bindAddress() + ":" + config.mountPort();
      }
      throw new UsageException("cannot listen on " + where + ": address already in use");
    } catch (IOException | RuntimeException e) {
      throw new UsageException("cannot listen on " + where + ": " + describe(e));
    }
  }

  static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
