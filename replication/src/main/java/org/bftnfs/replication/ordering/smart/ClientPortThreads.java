package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.client.CommunicationSystemServerSide;
import bftsmart.tom.core.TOMLayer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops behind a replica's client port, which the library never shuts down: on stop
 * it only closes the listening channel and the client channels still open, so every worker loop
 * that once served a client (and the listener's group) keeps a thread for ever. In a process that
 * restarts replicas that is a leak per restart.
 *
 * <p>The library keeps no reference to its worker group, so this class finds it by reflection,
 * while the replica runs: the server side's private {@code mainChannel}, and in its pipeline
 * Netty's acceptor handler's private {@code childGroup}. If this build of either library is laid
 * out differently it logs a warning and does nothing (the threads then stay). Depends on
 * com.jd.blockchain:bft-smart:0.0.8.RELEASE and Netty 4.1.
 */
final class ClientPortThreads {

  private static final Logger LOG = LoggerFactory.getLogger(ClientPortThreads.class);

  private final List<EventLoopGroup> groups;

  private ClientPortThreads(List<EventLoopGroup> groups) {
    this.groups = groups;
  }

  /** Finds the event loop groups of the replica's client port; call while the replica runs. */
  static ClientPortThreads of(TOMLayer layer, int replica) {
    List<EventLoopGroup> groups = new ArrayList<>();
    CommunicationSystemServerSide side = layer.getCommunication().getClientsConn();
    try {
      Channel listener = (Channel) field(side, "mainChannel");
      groups.add(listener.eventLoop().parent());
      for (Map.Entry<String, ChannelHandler> handler : listener.pipeline()) {
        if (handler.getValue().getClass().getName().endsWith("ServerBootstrapAcceptor")) {
          groups.add((EventLoopGroup) field(handler.getValue(), "childGroup"));
        }
      }
      if (groups.size() < 2) {
        LOG.warn("replica {}: client-port worker group not found; its threads will stay", replica);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "replica {}: cannot reach the client-port event loops; their threads will stay",
          replica,
          e);
    }
    return new ClientPortThreads(groups);
  }

  /** Shuts the groups down now (no quiet period); their threads end within a second or two. */
  void shutDown() {
    for (EventLoopGroup group : groups) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }
}
