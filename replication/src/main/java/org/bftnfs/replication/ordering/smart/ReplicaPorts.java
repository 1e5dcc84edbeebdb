package org.bftnfs.replication.ordering.smart;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.bftnfs.replication.ordering.ReplicaAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two listening ports of a replica: the client port ({@code host:port}, Netty) and the
 * replica-to-replica port ({@code port+1}, a plain {@link ServerSocket} that the library binds on
 * all interfaces).
 *
 * <p>After the library is told to stop, its replica-to-replica accept loop only notices at its next
 * {@code accept()}, which times out every 10 s; {@link #awaitFree} shortens that by connecting once
 * and introducing itself with a process id outside the group, which the loop answers by closing the
 * connection before it checks whether it should stop.
 */
final class ReplicaPorts {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaPorts.class);

  /** A process id the accept loop rejects: not a replica, not the (absent, -1) trusted party. */
  private static final int NOBODY = Integer.MAX_VALUE;

  private static final Duration POLL = Duration.ofMillis(20);
  private static final int CONNECT_TIMEOUT_MS = 1000;

  private final ReplicaAddress address;

  ReplicaPorts(ReplicaAddress address) {
    this.address = address;
  }

  /** Whether neither port has a listener now (both can be bound). */
  boolean free() {
    return bindable(new InetSocketAddress(address.host(), address.port()))
        && bindable(new InetSocketAddress(address.port() + 1));
  }

  /**
   * Waits until both ports are free, nudging the replica-to-replica accept loop meanwhile.
   *
   * @return whether they became free before {@code timeout}
   */
  boolean awaitFree(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (free()) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      if (!bindable(new InetSocketAddress(address.port() + 1))) {
        nudgeAcceptLoop();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private void nudgeAcceptLoop() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address.host(), address.port() + 1), CONNECT_TIMEOUT_MS);
      new DataOutputStream(s.getOutputStream()).writeInt(NOBODY);
    } catch (IOException e) {
      // Refused or reset: the loop is gone or going, which is what we wait for; the next poll
      // decides.
      LOG.debug("nudging the replica port of {} failed: {}", address, e.toString());
    }
  }

  private static boolean bindable(InetSocketAddress where) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(where);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
