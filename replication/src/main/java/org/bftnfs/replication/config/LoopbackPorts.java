package org.bftnfs.replication.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * Free ports on loopback for a replica of a local cluster: a replica uses its client port {@code
 * p}, {@code p + 1} for the other replicas (the ordering engine), {@code p + 2} for state transfer
 * and {@code p + 3} for its metrics (the cluster file's default metrics port).
 */
public final class LoopbackPorts {

  /** How many consecutive ports a replica uses. */
  public static final int PER_REPLICA = 4;

  private LoopbackPorts() {}

  /**
   * A port {@code p} such that {@code p .. p + 3} are free on loopback now and none is in {@code
   * taken}; adds them to {@code taken}.
   *
   * @throws IOException if 50 tries found none
   */
  public static int freeReplicaBase(Set<Integer> taken) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 50; attempt++) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, lo)) {
        p = s.getLocalPort();
      }
      if (p <= 65535 - PER_REPLICA && allFree(p, taken, lo)) {
        for (int k = 0; k < PER_REPLICA; k++) {
          taken.add(p + k);
        }
        return p;
      }
    }
    throw new IOException("no " + PER_REPLICA + " consecutive free ports found on loopback");
  }

  private static boolean allFree(int p, Set<Integer> taken, InetAddress lo) {
    for (int k = 0; k < PER_REPLICA; k++) {
      if (taken.contains(p + k) || (k > 0 && !free(p + k, lo))) {
        return false;
      }
    }
    return true;
  }

  private static boolean free(int port, InetAddress lo) {
    try (ServerSocket s = new ServerSocket(port, 1, lo)) {
      return s.getLocalPort() == port;
    } catch (IOException inUse) {
      return false;
    }
  }
}
