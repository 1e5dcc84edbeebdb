package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.ServerCommunicationSystem;
import bftsmart.communication.SystemMessage;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue between a replica's peers and the engine's message thread, with {@linkplain Screen
 * screens} that repair or withhold a message before the library handles it.
 *
 * <p>The library's connections keep putting what they receive into the library's own queue; this
 * one takes from it when the message thread polls, so every screen runs on the message thread, the
 * thread that handles every consensus message: a screen sees the engine's state exactly as the
 * library will when it handles the message.
 *
 * <p>Reaches the library's private layout by reflection (com.jd.blockchain:bft-smart 0.0.8.RELEASE:
 * {@code ServerCommunicationSystem.inQueue}); if the layout differs, {@link #install} says so and
 * changes nothing.
 */
final class InboundQueue extends LinkedBlockingQueue<SystemMessage> {

  /** Looks at one message from a peer before the library does; runs on the message thread. */
  interface Screen {
    /**
     * @return the message to hand to the library (the same one, or one repaired in place), or null
     *     to withhold it
     */
    SystemMessage screen(SystemMessage m);
  }

  private static final Logger LOG = LoggerFactory.getLogger(InboundQueue.class);
  private static final long serialVersionUID = 1L;

  private final transient LinkedBlockingQueue<SystemMessage> library;
  private final transient List<Screen> screens;

  private InboundQueue(LinkedBlockingQueue<SystemMessage> library, List<Screen> screens) {
    this.library = library;
    this.screens = List.copyOf(screens);
  }

  /**
   * Puts {@code screens}, in this order, between {@code cs}'s peers and its message thread. Call
   * before the library starts ordering (the state manager's {@code init}).
   *
   * @return whether it was installed
   */
  static boolean install(ServerCommunicationSystem cs, int replica, List<Screen> screens) {
    try {
      Field queue = ServerCommunicationSystem.class.getDeclaredField("inQueue");
      queue.setAccessible(true);
      @SuppressWarnings("unchecked")
      LinkedBlockingQueue<SystemMessage> before =
          (LinkedBlockingQueue<SystemMessage>) queue.get(cs);
      if (before instanceof InboundQueue) {
        return true;
      }
      queue.set(cs, new InboundQueue(before, screens));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "replica {}: cannot screen the messages from its peers (library layout differs): {} not"
              + " installed",
          replica,
          screens,
          e);
      return false;
    }
  }

  /** The installed screen of type {@code kind} in {@code cs}'s queue, or null (tests). */
  static <T extends Screen> T screen(ServerCommunicationSystem cs, Class<T> kind) {
    try {
      Field queue = ServerCommunicationSystem.class.getDeclaredField("inQueue");
      queue.setAccessible(true);
      if (queue.get(cs) instanceof InboundQueue q) {
        for (Screen s : q.screens) {
          if (kind.isInstance(s)) {
            return kind.cast(s);
          }
        }
      }
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the message thread's queue", e);
    }
  }

  private SystemMessage screened(SystemMessage m) {
    SystemMessage out = m;
    for (int i = 0; i < screens.size() && out != null; i++) {
      out = screens.get(i).screen(out);
    }
    return out;
  }

  /** A withheld message reads as a poll that timed out: the message thread then polls again. */
  @Override
  public SystemMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
    SystemMessage m = library.poll(timeout, unit);
    return m == null ? null : screened(m);
  }

  @Override
  public SystemMessage poll() {
    SystemMessage m = library.poll();
    return m == null ? null : screened(m);
  }

  @Override
  public SystemMessage take() throws InterruptedException {
    SystemMessage m;
    do {
      m = screened(library.take());
    } while (m == null);
    return m;
  }

  @Override
  public void put(SystemMessage m) throws InterruptedException {
    library.put(m);
  }

  @Override
  public boolean offer(SystemMessage m) {
    return library.offer(m);
  }

  @Override
  public boolean offer(SystemMessage m, long timeout, TimeUnit unit) throws InterruptedException {
    return library.offer(m, timeout, unit);
  }

  @Override
  public int size() {
    return library.size();
  }

  @Override
  public boolean isEmpty() {
    return library.isEmpty();
  }
}
