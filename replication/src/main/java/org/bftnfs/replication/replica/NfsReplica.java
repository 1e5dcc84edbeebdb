package org.bftnfs.replication.replica;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;
import org.bftnfs.replication.protocol.NfsReplyCodec;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.wrapper.ConformanceWrapper;
import org.bftnfs.wrapper.ReplicaFaultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of the replicated file service: the ordering engine's upcalls (paper Figure 1, {@code
 * execute}) on top of a {@link StateMachine} (a conformance wrapper).
 *
 * <p>For every ordered request: the relay's signature is checked (a forged request is rejected the
 * same way by every correct replica); the relay's request window decides whether it is new, a
 * retransmission (answered from the reply cache) or a replay (rejected); the agreed time is the
 * engine's timestamp made strictly monotonic (never the local clock); the state machine executes
 * it; the reply is signed by this replica.
 *
 * <p>Snapshots (the engine's checkpoints) carry the whole abstract state ({@code getObj} of every
 * entry), the agreed clock and the request windows; installing one puts the objects into the
 * backend with {@code putObjs}.
 *
 * <p>A backend failure is answered with a signed {@link ReplyEnvelope.Kind#FAULT}, which never
 * matches a correct reply; the state machine then refuses further requests until repaired.
 */
public final class NfsReplica implements OrderedApplication {

  private static final Logger LOG = LoggerFactory.getLogger(NfsReplica.class);
  private static final long SNAPSHOT_MAGIC = 0x4246544e46535331L; // "BFTNFSS1"

  private final int id;
  private final SigningKey key;
  private final RequestEnvelope.RelayKeys relays;
  private final StateMachine machine;
  private final Object lock = new Object();
  private final TreeMap<Integer, RequestWindow> windows = new TreeMap<>();
  private long agreedNanos;

  public NfsReplica(
      int id, SigningKey key, RequestEnvelope.RelayKeys relays, StateMachine machine) {
    this.id = id;
    this.key = key;
    this.relays = relays;
    this.machine = machine;
  }

  @Override
  public byte[] executeOrdered(byte[] request, OrderContext context) {
    synchronized (lock) {
      RequestEnvelope e;
      try {
        e = RequestEnvelope.decode(request, relays);
      } catch (RequestEnvelope.Rejected r) {
        return reply(r.relay(), r.sequence(), ReplyEnvelope.Kind.REJECTED, text(r.getMessage()));
      }
      RequestWindow window = windows.computeIfAbsent(e.relay(), r -> new RequestWindow());
      switch (window.check(e.sequence())) {
        case CACHED:
          return reply(
              e.relay(), e.sequence(), ReplyEnvelope.Kind.REPLY, window.cached(e.sequence()));
        case REJECT:
          return reply(
              e.relay(), e.sequence(), ReplyEnvelope.Kind.REJECTED, text("replayed request"));
        default:
          break;
      }
      agreedNanos =
          Math.max(
              agreedNanos + 1_000,
              Math.multiplyExact(Math.max(0, context.timestampMillis()), 1_000_000L));
      NfsReply result;
      try {
        result = machine.execute(e.call(), AgreedValues.ofEpochNanos(agreedNanos));
      } catch (ReplicaFaultException f) {
        LOG.warn("replica {}: {}", id, f.getMessage());
        return reply(e.relay(), e.sequence(), ReplyEnvelope.Kind.FAULT, text(f.getMessage()));
      }
      byte[] content = NfsReplyCodec.encode(result);
      window.record(e.sequence(), content);
      return reply(e.relay(), e.sequence(), ReplyEnvelope.Kind.REPLY, content);
    }
  }

  @Override
  public byte[] executeUnordered(byte[] request) {
    synchronized (lock) {
      RequestEnvelope e;
      try {
        e = RequestEnvelope.decode(request, relays);
      } catch (RequestEnvelope.Rejected r) {
        return reply(r.relay(), r.sequence(), ReplyEnvelope.Kind.REJECTED, text(r.getMessage()));
      }
      if (!e.call().readOnly()) {
        return reply(
            e.relay(), e.sequence(), ReplyEnvelope.Kind.REJECTED, text("not a read-only call"));
      }
      try {
        NfsReply result = machine.execute(e.call(), AgreedValues.ofEpochNanos(agreedNanos));
        return reply(
            e.relay(), e.sequence(), ReplyEnvelope.Kind.REPLY, NfsReplyCodec.encode(result));
      } catch (ReplicaFaultException f) {
        LOG.warn("replica {}: {}", id, f.getMessage());
        return reply(e.relay(), e.sequence(), ReplyEnvelope.Kind.FAULT, text(f.getMessage()));
      }
    }
  }

  private byte[] reply(int relay, long sequence, ReplyEnvelope.Kind kind, byte[] detail) {
    return new ReplyEnvelope(id, relay, sequence, kind, detail).encode(key);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] snapshot() {
    synchronized (lock) {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(SNAPSHOT_MAGIC);
        out.writeLong(agreedNanos);
        out.writeInt(windows.size());
        for (Map.Entry<Integer, RequestWindow> w : windows.entrySet()) {
          out.writeInt(w.getKey());
          out.writeLong(w.getValue().floor());
          out.writeInt(w.getValue().executed().size());
          for (Map.Entry<Long, byte[]> x : w.getValue().executed().entrySet()) {
            out.writeLong(x.getKey());
            writeBytes(out, x.getValue());
          }
        }
        out.writeInt(machine.capacity());
        for (int i = 0; i < machine.capacity(); i++) {
          writeBytes(out, machine.getObj(i));
        }
        out.flush();
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new IllegalStateException("snapshot encoding failed", e);
      }
    }
  }

  @Override
  public void install(byte[] snapshot) {
    synchronized (lock) {
      try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(snapshot))) {
        if (in.readLong() != SNAPSHOT_MAGIC) {
          throw new IllegalArgumentException("not a bftnfs snapshot");
        }
        long clock = in.readLong();
        TreeMap<Integer, RequestWindow> newWindows = new TreeMap<>();
        int relays = in.readInt();
        for (int r = 0; r < relays; r++) {
          int relay = in.readInt();
          long floor = in.readLong();
          int n = in.readInt();
          TreeMap<Long, byte[]> executed = new TreeMap<>();
          for (int k = 0; k < n; k++) {
            executed.put(in.readLong(), readBytes(in));
          }
          newWindows.put(relay, RequestWindow.of(floor, executed));
        }
        int capacity = in.readInt();
        if (capacity != machine.capacity()) {
          throw new IllegalArgumentException(
              "snapshot has " + capacity + " objects, this replica " + machine.capacity());
        }
        List<ConformanceWrapper.ObjectValue> values = new ArrayList<>(capacity);
        for (int i = 0; i < capacity; i++) {
          values.add(new ConformanceWrapper.ObjectValue(i, readBytes(in)));
        }
        machine.putObjs(values);
        agreedNanos = clock;
        windows.clear();
        windows.putAll(newWindows);
        LOG.info("replica {}: installed a snapshot of {} objects", id, capacity);
      } catch (IOException e) {
        throw new IllegalArgumentException("malformed snapshot", e);
      }
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < -1 || n > (256 << 20)) {
      throw new IOException("bad length " + n);
    }
    return n < 0 ? null : in.readNBytes(n);
  }
}
