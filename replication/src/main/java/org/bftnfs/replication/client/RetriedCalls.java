package org.bftnfs.replication.client;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bftnfs.spec.service.CallOrigin;
import org.bftnfs.spec.service.NfsReply;

/**
 * The relay's memory of the state-changing calls it sent, so that a client's retry is the same
 * replicated request as the call it repeats — executed at most once, and answered with the real
 * result — instead of a new request:
 *
 * <ul>
 *   <li>the same XID from the same client host with the same call (a retransmission) joins the call
 *       while it is in flight, and afterwards is sent again under the same relay sequence number
 *       (the replicas answer it from their reply caches);
 *   <li>after the relay gave up on a call (the client was answered {@code NFS3ERR_JUKEBOX}), the
 *       next identical call from the same client host is its retry, whatever its XID (clients retry
 *       a JUKEBOX with a new one): it is sent under the given-up call's sequence number, so if the
 *       first attempt was executed meanwhile its reply comes from the cache, and otherwise it is
 *       executed once now.
 * </ul>
 *
 * Bounded: at most {@link #MAX_ENTRIES} calls, each remembered for {@link #MEMORY}. Thread-safe.
 */
final class RetriedCalls {

  static final int MAX_ENTRIES = 16_384;
  static final Duration MEMORY = Duration.ofMinutes(15);

  /** How a call is to be sent: under which sequence number and relay time, or joined. */
  record Claim(long sequence, long sentMillis, CompletableFuture<NfsReply> inFlight) {

    /** Whether the call is a retransmission of one still in flight: wait for that one instead. */
    boolean joined() {
      return inFlight != null;
    }
  }

  private record Key(String client, int xid) {}

  private record ContentKey(String client, ByteBuffer call) {}

  private static final class Entry {
    final long sequence;
    final long sentMillis;
    final ByteBuffer call;
    final long rememberedAt;
    CompletableFuture<NfsReply> inFlight;

    Entry(long sequence, long sentMillis, ByteBuffer call, long rememberedAt) {
      this.sequence = sequence;
      this.sentMillis = sentMillis;
      this.call = call;
      this.rememberedAt = rememberedAt;
    }
  }

  private final Clock clock;
  private final Map<Key, Entry> byXid = new LinkedHashMap<>();
  private final Map<ContentKey, Entry> givenUp = new LinkedHashMap<>();

  RetriedCalls(Clock clock) {
    this.clock = clock;
  }

  /**
   * Decides how to send a state-changing call from {@code origin} whose content digest is {@code
   * call}: as a retry of a remembered call, or under {@code freshSequence} now (then remembered
   * with {@code result} as its outcome, in flight until it completes).
   */
  synchronized Claim claim(
      CallOrigin origin,
      byte[] call,
      java.util.function.LongSupplier freshSequence,
      CompletableFuture<NfsReply> result) {
    long now = clock.millis();
    expire(now);
    ByteBuffer content = ByteBuffer.wrap(call);
    Key key = new Key(origin.client(), origin.xid());
    Entry known = byXid.get(key);
    if (known != null && known.call.equals(content)) {
      if (known.inFlight != null) {
        return new Claim(known.sequence, known.sentMillis, known.inFlight);
      }
      known.inFlight = result;
      return new Claim(known.sequence, known.sentMillis, null);
    }
    Entry retried = givenUp.remove(new ContentKey(origin.client(), content));
    Entry entry =
        retried != null
            ? new Entry(retried.sequence, retried.sentMillis, content, now)
            : new Entry(freshSequence.getAsLong(), now, content, now);
    entry.inFlight = result;
    byXid.remove(key);
    byXid.put(key, entry);
    while (byXid.size() > MAX_ENTRIES) {
      Iterator<Entry> oldest = byXid.values().iterator();
      oldest.next();
      oldest.remove();
    }
    return new Claim(entry.sequence, entry.sentMillis, null);
  }

  /**
   * Records how the call claimed from {@code origin} ended: answered ({@code gaveUp} false), or
   * given up on (its next identical call from the same host is its retry).
   */
  synchronized void ended(CallOrigin origin, boolean gaveUp) {
    Entry e = byXid.get(new Key(origin.client(), origin.xid()));
    if (e == null) {
      return;
    }
    e.inFlight = null;
    if (gaveUp) {
      givenUp.put(new ContentKey(origin.client(), e.call), e);
      while (givenUp.size() > MAX_ENTRIES) {
        Iterator<Entry> oldest = givenUp.values().iterator();
        oldest.next();
        oldest.remove();
      }
    }
  }

  /** Forgets a call that must not be retried under its number (the replicas rejected it). */
  synchronized void forget(CallOrigin origin) {
    byXid.remove(new Key(origin.client(), origin.xid()));
  }

  /** Drops calls older than {@link #MEMORY} from the front of each map (oldest first). */
  private void expire(long now) {
    long oldest = now - MEMORY.toMillis();
    for (Map<?, Entry> map : java.util.List.of(byXid, givenUp)) {
      Iterator<Entry> it = map.values().iterator();
      while (it.hasNext()) {
        Entry e = it.next();
        if (e.rememberedAt >= oldest || (map == byXid && e.inFlight != null)) {
          break;
        }
        it.remove();
      }
    }
  }

  /** Calls remembered (for tests). */
  synchronized int size() {
    return byXid.size();
  }
}
