package org.bftnfs.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dcache.oncrpc4j.portmap.GenericPortmapClient;
import org.dcache.oncrpc4j.portmap.OncPortmapClient;
import org.dcache.oncrpc4j.portmap.OncRpcPortmap;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.net.InetSocketAddresses;

/**
 * Registers the relay's programs with the rpcbind (portmapper) of this host, so that clients that
 * do not know the ports can find them. Only used when asked for ({@link
 * RelayConfig#registerWithRpcbind()}); clients given both ports in their URL need no rpcbind.
 */
final class RpcbindRegistration {

  private static final long CONNECT_TIMEOUT_MS = 2_000;

  private final String owner;
  private final int port;

  /**
   * @param owner the owner name recorded with each mapping
   */
  RpcbindRegistration(String owner) {
    this(owner, OncRpcPortmap.PORTMAP_PORT);
  }

  /**
   * @param owner the owner name recorded with each mapping
   * @param port the loopback port of the rpcbind to use (111 outside tests)
   */
  RpcbindRegistration(String owner, int port) {
    this.owner = owner;
    this.port = port;
  }

  /**
   * Maps {@code program} version {@code version} to {@code address} (TCP).
   *
   * @throws RpcbindException when rpcbind is not reachable or refuses the mapping
   */
  void register(int program, int version, InetSocketAddress address) throws RpcbindException {
    boolean registered;
    try (OncRpcClient client = connect()) {
      OncPortmapClient portmap = new GenericPortmapClient(client.connect());
      String netid = InetSocketAddresses.tcpNetidOf(address.getAddress());
      portmap.unsetPort(program, version, owner);
      registered =
          portmap.setPort(program, version, netid, InetSocketAddresses.uaddrOf(address), owner);
    } catch (TimeoutException | IOException e) {
      throw new RpcbindException(
          "cannot register program " + program + " with rpcbind: " + e.getMessage(), e);
    }
    if (!registered) {
      throw new RpcbindException("rpcbind refused to register program " + program, null);
    }
  }

  /**
   * Removes the mappings of {@code program} version {@code version}.
   *
   * @throws RpcbindException when rpcbind is not reachable
   */
  void unregister(int program, int version) throws RpcbindException {
    try (OncRpcClient client = connect()) {
      new GenericPortmapClient(client.connect()).unsetPort(program, version, owner);
    } catch (TimeoutException | IOException e) {
      throw new RpcbindException(
          "cannot unregister program " + program + " from rpcbind: " + e.getMessage(), e);
    }
  }

  private OncRpcClient connect() {
    return OncRpcClient.newBuilder()
        .withTCP()
        .withConnectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .build(InetAddress.getLoopbackAddress(), port);
  }
}
