package org.bftnfs.replication.ordering;

/**
 * Where replica {@code id} listens: clients connect to {@code port}; replicas talk to each other on
 * {@code port + 1} (BFT-SMaRt's convention).
 */
public record ReplicaAddress(int id, String host, int port) {

  public ReplicaAddress {
    if (id < 0 || port <= 0 || port >= 65535) {
      throw new IllegalArgumentException("bad replica address " + id + " " + host + ":" + port);
    }
  }
}
