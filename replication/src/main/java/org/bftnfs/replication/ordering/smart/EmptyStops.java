package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.SystemMessage;
import bftsmart.reconfiguration.ServerViewController;
import bftsmart.tom.leaderchange.LCMessage;
import bftsmart.tom.util.BatchBuilder;
import bftsmart.tom.util.TOMUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a replica take part in a leader change whose STOP messages relay no request, which the
 * library cannot.
 *
 * <p>The problem: a replica that starts or joins a leader change sends a STOP with the requests it
 * saw time out. When there are none, the STOP says "no requests" (when the replica starts the
 * change, the library does not even flush that flag into the payload), and a replica that receives
 * it reads no requests as {@code null} and iterates over it: a {@code NullPointerException} in the
 * thread that handles every message from the peers, which ends it (the replica's watchdog then
 * stops the replica). Seen in {@code SmartEmptyDecisionIT} when a replica timed out after it had
 * already joined a change.
 *
 * <p>The repair: a {@linkplain InboundQueue screen} of the message thread's queue rewrites the
 * payload of such a STOP into one that relays an empty batch of requests, which the library reads
 * as an empty array. Only the two exact byte strings the library produces for "no requests" are
 * rewritten, and the rewrite depends on nothing but those bytes, so every replica reads the same
 * STOP.
 *
 * <p>Reaches the library's private layout by reflection (com.jd.blockchain:bft-smart 0.0.8.RELEASE:
 * {@code LCMessage.payload}); if the layout differs, {@link #create} says so and returns null.
 */
final class EmptyStops implements InboundQueue.Screen {

  private static final Logger LOG = LoggerFactory.getLogger(EmptyStops.class);

  /**
   * What the library puts in a STOP that relays no request: when it starts a change, an object
   * stream's header only (the flag was never flushed); when it joins one, the header and the flag
   * "no requests".
   */
  static final byte[] UNFLUSHED = stream(false);

  static final byte[] NO_REQUESTS_FLAG = stream(true);

  private final Field payload;
  private final byte[] noRequests;
  private final int replica;
  private volatile int repaired;

  private EmptyStops(Field payload, byte[] noRequests, int replica) {
    this.payload = payload;
    this.noRequests = noRequests;
    this.replica = replica;
  }

  /**
   * The repairing screen of {@code replica}, or null (with a warning) when the library's layout
   * differs.
   */
  static EmptyStops create(ServerViewController controller, int replica) {
    try {
      Field payload = LCMessage.class.getDeclaredField("payload");
      payload.setAccessible(true);
      return new EmptyStops(payload, noRequests(controller), replica);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "replica {}: cannot guard the ordering engine against leader changes whose STOPs relay no"
              + " request (library layout differs); such a STOP would stop this replica",
          replica,
          e);
      return null;
    }
  }

  /** A STOP payload relaying an empty batch of requests, as the library encodes one with some. */
  static byte[] noRequests(ServerViewController controller) {
    byte[] batch = new BatchBuilder(0).makeBatch(List.of(), 0, 0L, controller);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeBoolean(true);
      out.writeObject(batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** An object stream's header, then the boolean false when {@code flag}. */
  private static byte[] stream(boolean flag) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      if (flag) {
        out.writeBoolean(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** How many STOPs were repaired so far (any thread). */
  int repaired() {
    return repaired;
  }

  @Override
  public SystemMessage screen(SystemMessage m) {
    return repair(m);
  }

  private SystemMessage repair(SystemMessage m) {
    if (m instanceof LCMessage lc
        && lc.getType() == TOMUtil.STOP
        && (Arrays.equals(lc.getPayload(), UNFLUSHED)
            || Arrays.equals(lc.getPayload(), NO_REQUESTS_FLAG))) {
      try {
        payload.set(lc, noRequests.clone());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot repair a STOP from replica " + lc.getSender(), e);
      }
      repaired = repaired + 1; // only the message thread writes
      LOG.info(
          "replica {}: replica {}'s STOP for regency {} relayed no request: read as an empty batch"
              + " ({} so far)",
          replica,
          lc.getSender(),
          lc.getReg(),
          repaired);
    }
    return m;
  }
}
