package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.ServerCommunicationSystem;
import bftsmart.communication.SystemMessage;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * <p>It also tells how long the message thread has been handling the message it took last ({@link
 * #handlingNanos}): a thread that never comes back for the next message is as good as dead (the
 * library has waited for ever inside one message).
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

  /** {@link #handlingSince} while the message thread waits for a message. */
  private static final long WAITING = Long.MIN_VALUE;

  private final transient LinkedBlockingQueue<SystemMessage> library;
  private final transient List<Screen> screens;
  private final transient LongSupplier nanoTime;

  /** When the message thread took the message it handles, or {@link #WAITING}. */
  private volatile long handlingSince = WAITING;

  InboundQueue(
      LinkedBlockingQueue<SystemMessage> library, List<Screen> screens, LongSupplier nanoTime) {
    this.library = library;
    this.screens = List.copyOf(screens);
    this.nanoTime = nanoTime;
  }

  /**
   * Puts {@code screens}, in this order, between {@code cs}'s peers and its message thread. Call
   * before the library starts ordering (the state manager's {@code init}).
   *
   * @param nanoTime the clock of {@link #handlingNanos}
   * @return the installed queue, or null when it could not be installed
   */
  static InboundQueue install(
      ServerCommunicationSystem cs, int replica, List<Screen> screens, LongSupplier nanoTime) {
    try {
      Field queue = ServerCommunicationSystem.class.getDeclaredField("inQueue");
      queue.setAccessible(true);
      @SuppressWarnings("unchecked")
      LinkedBlockingQueue<SystemMessage> before =
          (LinkedBlockingQueue<SystemMessage>) queue.get(cs);
      if (before instanceof InboundQueue installed) {
        return installed;
      }
      InboundQueue after = new InboundQueue(before, screens, nanoTime);
      queue.set(cs, after);
      return after;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "replica {}: cannot screen the messages from its peers (library layout differs): {} not"
              + " installed",
          replica,
          screens,
          e);
      return null;
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

  /**
   * How long the message thread has been handling the message it took last, as of {@code now} (on
   * this queue's clock); 0 while it waits for one.
   */
  long handlingNanos(long now) {
    long since = handlingSince;
    return since == WAITING ? 0 : Math.max(0, now - since);
  }

  private SystemMessage screened(SystemMessage m) {
    SystemMessage out = m;
    for (int i = 0; i < screens.size() && out != null; i++) {
      out = screens.get(i).screen(out);
    }
    return out;
  }

  /** Screens what the message thread took, and notes when it hands a message to the library. */
  private SystemMessage handing(SystemMessage m) {
    SystemMessage out = m == null ? null : screened(m);
    if (out != null) {
      handlingSince = nanoTime.getAsLong();
    }
    return out;
  }

  /** A withheld message reads as a poll that timed out: the message thread then polls again. */
  @Override
  public SystemMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
    handlingSince = WAITING;
    return handing(library.poll(timeout, unit));
  }

  @Override
  public SystemMessage poll() {
    handlingSince = WAITING;
    return handing(library.poll());
  }

  @Override
  public SystemMessage take() throws InterruptedException {
    handlingSince = WAITING;
    SystemMessage m;
    do {
      m = handing(library.take());
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
