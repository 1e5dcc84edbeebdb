package org.bftnfs.replication.ordering.smart;

import bftsmart.reconfiguration.views.MemoryBasedViewStorage;
import bftsmart.tom.AsynchServiceProxy;
import bftsmart.tom.core.messages.TOMMessageType;
import org.bftnfs.replication.ordering.OrderingConfig;

/**
 * <b>Test only</b>: an attacker that talks to the replicas' client ports through the ordering
 * engine's own client classes, as engine client {@code clientId} (e.g. a relay's), with no key of
 * the cluster — exactly what any process that can reach those ports can do. Unlike {@link
 * SmartClient} it does not wait for replicas to answer (they send their answers to whoever held the
 * id first).
 */
public final class Impostor implements AutoCloseable {

  private final AsynchServiceProxy proxy;
  private final int[] everyone;
  private final UnstalledSend unstalled = new UnstalledSend();

  public Impostor(OrderingConfig config, int clientId) {
    DeserializationFilter.install();
    this.proxy =
        new AsynchServiceProxy(
            EngineConfiguration.build(config, clientId, new ClientKeyLoader(clientId)),
            new MemoryBasedViewStorage());
    this.everyone = new int[config.n()];
    for (int i = 0; i < everyone.length; i++) {
      everyone[i] = i;
    }
  }

  /**
   * Sends {@code payload} as an application request (ordered, or unordered), framed as a real
   * client frames it; returns without waiting for anything.
   */
  public void send(byte[] payload, boolean unordered) {
    TOMMessageType type =
        unordered ? TOMMessageType.UNORDERED_REQUEST : TOMMessageType.ORDERED_REQUEST;
    byte[] framed = Frames.wrap(Frames.APPLICATION, payload);
    int op = unstalled.send(() -> proxy.invokeAsynchRequest(framed, everyone, new Ignore(), type));
    proxy.cleanAsynchRequest(op);
  }

  /** Sends raw bytes (not even framed) as an ordered request. */
  public void sendRaw(byte[] bytes) {
    int op =
        unstalled.send(
            () ->
                proxy.invokeAsynchRequest(
                    bytes, everyone, new Ignore(), TOMMessageType.ORDERED_REQUEST));
    proxy.cleanAsynchRequest(op);
  }

  @Override
  public void close() {
    proxy.close();
  }

  private static final class Ignore implements bftsmart.communication.client.ReplyListener {
    @Override
    public void replyReceived(
        bftsmart.tom.RequestContext context, bftsmart.tom.core.messages.TOMMessage reply) {}

    @Override
    public void reset() {}
  }
}
