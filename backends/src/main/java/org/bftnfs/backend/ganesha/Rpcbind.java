package org.bftnfs.backend.ganesha;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bftnfs.backend.BackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure this host's rpcbind (portmapper, port 111) runs: nfs-ganesha with NFSv3 registers its
 * programs there at start and exits when it cannot.
 *
 * <p>rpcbind is a system daemon shared by every RPC server on the host (every ganesha instance,
 * kernel services, other users): once started here it is deliberately left running, since stopping
 * it would break every other instance.
 */
final class Rpcbind {

  private static final Logger LOG = LoggerFactory.getLogger(Rpcbind.class);
  private static final int PORT = 111;
  private static final int PROBE_TIMEOUT_MS = 200;

  private final Path binary;

  Rpcbind(Path binary) {
    this.binary = binary;
  }

  /**
   * Starts {@code rpcbind -w} when nothing answers on 127.0.0.1:111, then waits (bounded) until it
   * does.
   */
  void ensureRunning(Duration timeout) {
    if (listening()) {
      return;
    }
    LOG.info(
        "rpcbind is not running: starting {} -w (left running: it is a system daemon)", binary);
    Process launcher;
    try {
      launcher = new ProcessBuilder(binary.toString(), "-w").inheritIO().start();
    } catch (IOException e) {
      throw new BackendException("cannot start " + binary + ": " + e.getMessage(), e);
    }
    try {
      // rpcbind forks into the background: the launched process ends when the daemon is up.
      if (!launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        launcher.destroyForcibly();
        throw new BackendException(binary + " -w did not return within " + timeout);
      }
    } catch (InterruptedException e) {
      launcher.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while starting rpcbind", e);
    }
    if (launcher.exitValue() != 0) {
      throw new BackendException(binary + " -w failed with exit status " + launcher.exitValue());
    }
    if (!Poll.until(Rpcbind::listening, timeout)) {
      throw new BackendException("rpcbind does not answer on 127.0.0.1:111 within " + timeout);
    }
  }

  /** True when something accepts TCP connections on 127.0.0.1:111. */
  static boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
