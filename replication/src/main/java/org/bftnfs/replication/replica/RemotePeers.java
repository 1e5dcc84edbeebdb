package org.bftnfs.replication.replica;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bftnfs.statetransfer.StateSource;
import org.bftnfs.statetransfer.TreeShape;
import org.bftnfs.statetransfer.rpc.RemoteStateSource;

/**
 * The peers' state-transfer servers over the network ({@link RemoteStateSource}, one connection per
 * peer and fetch, closed when the fetch ends).
 */
public final class RemotePeers implements PeerSources {

  private final Map<Integer, InetSocketAddress> servers;
  private final TreeShape shape;
  private final long maxObjectSize;
  private final Duration timeout;

  /**
   * @param servers each peer's state-transfer server, by replica id (this replica excluded)
   * @param shape the tree's shape (as this replica's)
   * @param maxObjectSize the largest object value accepted from a peer, in bytes
   * @param timeout the bound on connecting to a peer and on each request
   */
  public RemotePeers(
      Map<Integer, InetSocketAddress> servers,
      TreeShape shape,
      long maxObjectSize,
      Duration timeout) {
    this.servers = new TreeMap<>(servers);
    this.shape = shape;
    this.maxObjectSize = maxObjectSize;
    this.timeout = timeout;
  }

  @Override
  public Opened open(long seq) {
    SortedMap<Integer, RemoteStateSource> opened = new TreeMap<>();
    servers.forEach(
        (id, address) ->
            opened.put(id, new RemoteStateSource(address, seq, shape, maxObjectSize, timeout)));
    SortedMap<Integer, StateSource> sources = new TreeMap<>(opened);
    return new Opened() {
      @Override
      public SortedMap<Integer, StateSource> sources() {
        return sources;
      }

      @Override
      public void close() {
        opened.values().forEach(RemoteStateSource::close);
      }
    };
  }
}
