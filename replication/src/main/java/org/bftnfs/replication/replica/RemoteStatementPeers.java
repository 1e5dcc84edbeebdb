package org.bftnfs.replication.replica;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bftnfs.statetransfer.SignedStatement;
import org.bftnfs.statetransfer.rpc.RemoteStatements;

/**
 * The peers' state-transfer servers asked for their signed checkpoint statements ({@link
 * RemoteStatements}, one connection per peer kept between rounds, reopened after a failure).
 *
 * <p>Thread-safety: safe (each peer's client serialises its calls).
 */
public final class RemoteStatementPeers implements CheckpointAgreementWatch.Peers, AutoCloseable {

  private final Map<Integer, RemoteStatements> servers = new TreeMap<>();

  /**
   * @param servers each peer's state-transfer server, by replica id (this replica excluded)
   * @param timeout the bound on connecting to a peer and on each request
   */
  public RemoteStatementPeers(Map<Integer, InetSocketAddress> servers, Duration timeout) {
    servers.forEach((id, address) -> this.servers.put(id, new RemoteStatements(address, timeout)));
  }

  /** The peers' ids. */
  public SortedSet<Integer> ids() {
    return new TreeSet<>(servers.keySet());
  }

  @Override
  public SignedStatement statement(int peer, long seq) {
    RemoteStatements s = servers.get(peer);
    return s == null ? null : s.statement(seq);
  }

  /** Closes every connection. */
  @Override
  public void close() {
    servers.values().forEach(RemoteStatements::close);
  }
}
