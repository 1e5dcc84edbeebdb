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
 * Keeps a replica's links to its peers sending and receiving. The library sends to each peer from a
 * thread of its own ({@code useSenderThread}) and receives from each on another; when a connection
 * closes while one of them writes or reconnects, it can throw a {@code NullPointerException} (the
 * stream was cleared under it), which ends the thread for good: the replica then never sends to, or
 * never hears from, that peer again, silently. {@link #revive} finds each connection's sender and
 * receiver threads and starts a new one for a connection whose thread is gone, with a warning; the
 * replica calls it once a second.
 *
 * <p>Reaches the library's private layout by reflection (com.jd.blockchain:bft-smart 0.0.8.RELEASE:
 * {@code ServersCommunicationLayer.connections}, {@code ServerConnection.doWork}, {@code latch},
 * the inner classes {@code ServerConnection$SenderThread} and {@code $ReceiverThread} and their
 * outer-instance fields); if the layout differs it says so once and does nothing.
 */
final class SenderGuard {

  private static final Logger LOG = LoggerFactory.getLogger(SenderGuard.class);
  private static final String SENDER_CLASS = ServerConnection.class.getName() + "$SenderThread";
  private static final String RECEIVER_CLASS = ServerConnection.class.getName() + "$ReceiverThread";

  private final int replica;
  private final TOMLayer layer;
  private boolean broken;
  private int revived;
  private int revivedReceivers;

  SenderGuard(int replica, TOMLayer layer) {
    this.replica = replica;
    this.layer = layer;
  }

  /**
   * Starts a sender thread for every connection of this replica that should have one and has none,
   * and likewise a receiver thread: the library's receiver dies the same way, of a {@code
   * NullPointerException} when a reconnection races with a close (its stream cleared under it), and
   * the replica then never hears from that peer again.
   *
   * @return the peers whose sender or receiver was revived now
   */
  synchronized List<Integer> revive() {
    if (broken) {
      return List.of();
    }
    try {
      Class<?> senderClass = Class.forName(SENDER_CLASS);
      Class<?> receiverClass = Class.forName(RECEIVER_CLASS);
      Constructor<?> sender =
          senderClass.getDeclaredConstructor(ServerConnection.class, CountDownLatch.class);
      Constructor<?> receiver = receiverClass.getDeclaredConstructor(ServerConnection.class);
      sender.setAccessible(true);
      receiver.setAccessible(true);
      List<Integer> now = new ArrayList<>();
      now.addAll(
          revive(
              senderClass,
              "sender",
              connection -> (Thread) sender.newInstance(connection, field(connection, "latch"))));
      int senders = now.size();
      revived += senders;
      List<Integer> receivers =
          revive(
              receiverClass, "receiver", connection -> (Thread) receiver.newInstance(connection));
      revivedReceivers += receivers.size();
      now.addAll(receivers);
      return now;
    } catch (ReflectiveOperationException | RuntimeException e) {
      broken = true;
      LOG.warn(
          "replica {}: cannot watch the ordering engine's link threads (library layout differs)",
          replica,
          e);
      return List.of();
    }
  }

  /** Makes a new link thread of one kind for a connection. */
  @FunctionalInterface
  private interface LinkThread {
    Thread make(Object connection) throws ReflectiveOperationException;
  }

  private List<Integer> revive(Class<?> kind, String name, LinkThread make)
      throws ReflectiveOperationException {
    Field outer = outerField(kind);
    Map<Object, Boolean> has = new IdentityHashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (kind.isInstance(t) && t.isAlive()) {
        has.put(outer.get(t), true);
      }
    }
    Map<?, ?> connections =
        (Map<?, ?>) field(layer.getCommunication().getServersConn(), "connections");
    List<Integer> now = new ArrayList<>();
    for (Map.Entry<?, ?> e : new ArrayList<>(connections.entrySet())) {
      Object connection = e.getValue();
      if (!(connection instanceof ServerConnection)
          || has.containsKey(connection)
          || !(Boolean) field(connection, "doWork")) {
        continue;
      }
      make.make(connection).start();
      now.add((Integer) e.getKey());
      LOG.warn(
          "replica {}: the ordering engine's {} thread for replica {} had died; started a new one",
          replica,
          name,
          e.getKey());
    }
    return now;
  }

  /** How many receiver threads were revived so far. */
  synchronized int revivedReceivers() {
    return revivedReceivers;
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
