package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.server.ServerConnection;
import bftsmart.tom.core.TOMLayer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a replica's links to its peers sending. The library sends to each peer from a thread of its
 * own ({@code useSenderThread}); when a connection closes while that thread writes, its write can
 * throw a {@code NullPointerException} (the stream was cleared under it), which ends the thread for
 * good: the replica then never sends to that peer again, silently. {@link #revive} finds each
 * connection's sender thread and starts a new one for a connection whose thread is gone, with a
 * warning; the replica calls it once a second.
 *
 * <p>Reaches the library's private layout by reflection (com.jd.blockchain:bft-smart 0.0.8.RELEASE:
 * {@code ServersCommunicationLayer.connections}, {@code ServerConnection.doWork}, {@code latch},
 * the inner class {@code ServerConnection$SenderThread} and its outer-instance field); if the
 * layout differs it says so once and does nothing.
 */
final class SenderGuard {

  private static final Logger LOG = LoggerFactory.getLogger(SenderGuard.class);
  private static final String SENDER_CLASS = ServerConnection.class.getName() + "$SenderThread";

  private final int replica;
  private final TOMLayer layer;
  private boolean broken;
  private int revived;

  SenderGuard(int replica, TOMLayer layer) {
    this.replica = replica;
    this.layer = layer;
  }

  /**
   * Starts a sender thread for every connection of this replica that should have one and has none.
   *
   * @return the peers whose sender was revived now
   */
  synchronized List<Integer> revive() {
    if (broken) {
      return List.of();
    }
    try {
      Class<?> senderClass = Class.forName(SENDER_CLASS);
      Field outer = outerField(senderClass);
      Map<Object, Boolean> hasSender = new IdentityHashMap<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (senderClass.isInstance(t) && t.isAlive()) {
          hasSender.put(outer.get(t), true);
        }
      }
      Map<?, ?> connections =
          (Map<?, ?>) field(layer.getCommunication().getServersConn(), "connections");
      List<Integer> now = new ArrayList<>();
      for (Map.Entry<?, ?> e : new ArrayList<>(connections.entrySet())) {
        Object connection = e.getValue();
        if (!(connection instanceof ServerConnection)
            || hasSender.containsKey(connection)
            || !(Boolean) field(connection, "doWork")) {
          continue;
        }
        Constructor<?> make =
            senderClass.getDeclaredConstructor(ServerConnection.class, CountDownLatch.class);
        make.setAccessible(true);
        Thread sender = (Thread) make.newInstance(connection, field(connection, "latch"));
        sender.start();
        now.add((Integer) e.getKey());
        revived++;
        LOG.warn(
            "replica {}: the ordering engine's sender thread to replica {} had died; started a new"
                + " one ({} so far)",
            replica,
            e.getKey(),
            revived);
      }
      return now;
    } catch (ReflectiveOperationException | RuntimeException e) {
      broken = true;
      LOG.warn(
          "replica {}: cannot watch the ordering engine's sender threads (library layout differs)",
          replica,
          e);
      return List.of();
    }
  }

  /** How many sender threads were revived so far. */
  synchronized int revived() {
    return revived;
  }

  private static Field outerField(Class<?> inner) throws NoSuchFieldException {
    for (Field f : inner.getDeclaredFields()) {
      if (f.getType() == ServerConnection.class && f.isSynthetic()) {
        f.setAccessible(true);
        return f;
      }
    }
    throw new NoSuchFieldException(inner.getName() + " has no outer-instance field");
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }
}
