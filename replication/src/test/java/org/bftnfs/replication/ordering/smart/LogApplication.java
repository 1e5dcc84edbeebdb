package org.bftnfs.replication.ordering.smart;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;

/**
 * A deterministic toy application: an append-only log of (request, agreed context) entries. An
 * ordered request appends and answers the SHA-256 chain over the log; an unordered request answers
 * the log's length and chain without changing anything. Thread-safe.
 */
final class LogApplication implements OrderedApplication {

  /** One executed request with the context it was executed in. */
  record Entry(byte[] request, OrderContext context) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Integer> snapshots = new ArrayList<>();
  private byte[] chain = new byte[32];

  @Override
  public synchronized byte[] executeOrdered(byte[] request, OrderContext context) {
    append(new Entry(request.clone(), context));
    return chain.clone();
  }

  @Override
  public synchronized byte[] executeUnordered(byte[] request) {
    return ByteBuffer.allocate(4 + chain.length).putInt(entries.size()).put(chain).array();
  }

  @Override
  public synchronized byte[] snapshot() {
    snapshots.add(entries.size());
    int size = 4;
    for (Entry e : entries) {
      size += 4 + e.request().length + 8 + 4 + 4;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(entries.size());
    for (Entry e : entries) {
      out.putInt(e.request().length).put(e.request());
      out.putLong(e.context().timestampMillis());
      out.putInt(e.context().consensusId()).putInt(e.context().client());
    }
    return out.array();
  }

  @Override
  public synchronized void install(byte[] snapshot) {
    ByteBuffer in = ByteBuffer.wrap(snapshot);
    entries.clear();
    chain = new byte[32];
    int count = in.getInt();
    for (int i = 0; i < count; i++) {
      byte[] request = new byte[in.getInt()];
      in.get(request);
      append(new Entry(request, new OrderContext(in.getLong(), in.getInt(), in.getInt())));
    }
  }

  /** The current SHA-256 chain (what the next ordered reply builds on). */
  synchronized byte[] chain() {
    return chain.clone();
  }

  /** The log's length at each snapshot taken, in order (the initial one included). */
  synchronized List<Integer> snapshots() {
    return List.copyOf(snapshots);
  }

  synchronized int size() {
    return entries.size();
  }

  /** Agreed timestamp of each executed request, by request text. */
  synchronized Map<String, Long> timestamps() {
    Map<String, Long> out = new HashMap<>();
    for (Entry e : entries) {
      out.put(new String(e.request(), StandardCharsets.UTF_8), e.context().timestampMillis());
    }
    return out;
  }

  private void append(Entry e) {
    entries.add(e);
    MessageDigest sha = sha256();
    sha.update(chain);
    sha.update(ByteBuffer.allocate(4).putInt(e.request().length).array());
    sha.update(e.request());
    sha.update(
        ByteBuffer.allocate(16)
            .putLong(e.context().timestampMillis())
            .putInt(e.context().consensusId())
            .putInt(e.context().client())
            .array());
    chain = sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
