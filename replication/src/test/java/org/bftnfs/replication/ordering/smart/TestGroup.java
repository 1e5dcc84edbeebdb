package org.bftnfs.replication.ordering.smart;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.bftnfs.replication.ordering.ReplicaAddress;

/** A group configuration for tests: 3f+1 replicas on free loopback port pairs, fresh keys. */
final class TestGroup {

  private TestGroup() {}

  /** Generates keys into {@code keys} and picks free ports for {@code n} replicas. */
  static OrderingConfig create(Path keys, int n, Duration leaderTimeout, int checkpointPeriod)
      throws IOException {
    EngineKeys.generate(keys, n);
    List<ReplicaAddress> replicas = new ArrayList<>();
    List<Integer> taken = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      int port = freePortPair(taken);
      taken.add(port);
      replicas.add(new ReplicaAddress(id, "127.0.0.1", port));
    }
    return new OrderingConfig(replicas, (n - 1) / 3, keys, leaderTimeout, checkpointPeriod);
  }

  /** A port p such that p and p+1 are both free now (and not already handed out). */
  static int freePortPair(List<Integer> taken) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (port >= 65534
          || taken.contains(port)
          || taken.contains(port + 1)
          || taken.contains(port - 1)) {
        continue;
      }
      if (bindable(port) && bindable(port + 1)) {
        return port;
      }
    }
    throw new IOException("no free port pair found");
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
