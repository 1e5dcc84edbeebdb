package org.bftnfs.clusters;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.ordering.smart.SmartClient;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.spec.service.NfsCall;

/**
 * The test acting as a relay inside its own JVM (paper §2.2, {@code invoke}), without the relay's
 * voting: it signs request envelopes with a key of its choice, sends exact request bytes through
 * its own ordering-engine client ({@link SmartClient} with a client id of its own), and returns
 * every replica's authenticated reply separately, so a test sees what each replica answered —
 * including a replay of bytes sent before, or a request signed with the wrong key.
 */
final class DirectRelay implements AutoCloseable {

  private final OrderingClient engine;
  private final List<VerifyingKey> replicaKeys = new ArrayList<>();
  private final int n;

  /**
   * Connects engine client {@code clientId} (unique among live clients; relays pick random ids
   * above 1023) to the cluster's replicas.
   */
  DirectRelay(ClusterConfig config, int clientId) throws IOException {
    KeyFiles keys = new KeyFiles(config.keys());
    for (int i = 0; i < config.n(); i++) {
      replicaKeys.add(keys.verifyingKey(KeyFiles.Role.REPLICA, i));
    }
    this.n = config.n();
    this.engine = SmartClient.connect(config.ordering(), clientId);
  }

  /**
   * The signed envelope of {@code call} as relay {@code relay} with request number {@code seq},
   * signed now.
   */
  static byte[] sign(int relay, long seq, NfsCall call, SigningKey key) {
    return new RequestEnvelope(relay, seq, System.currentTimeMillis(), call).encode(key);
  }

  /**
   * Sends {@code request} (ordered, or unordered for a read-only call) and collects the replies
   * whose replica signature verifies, one per replica, until {@code replicas} replicas answered or
   * {@code timeout} passed.
   *
   * @return replica id → its reply (fewer than {@code replicas} entries on timeout)
   */
  Map<Integer, ReplyEnvelope> send(
      byte[] request, boolean unordered, int replicas, Duration timeout)
      throws InterruptedException {
    Collector collector = new Collector();
    OrderingClient.Invocation inv = engine.invoke(request, unordered, collector::offer);
    try {
      return collector.await(Math.min(replicas, n), timeout);
    } finally {
      inv.cancel();
    }
  }

  @Override
  public void close() {
    engine.close();
  }

  /** Gathers verified replies on the engine's threads; the test thread waits on it. */
  private final class Collector {
    private final Map<Integer, ReplyEnvelope> replies = new TreeMap<>();

    synchronized void offer(int sender, byte[] bytes) {
      ReplyEnvelope r =
          ReplyEnvelope.decode(
              sender, bytes, i -> i >= 0 && i < replicaKeys.size() ? replicaKeys.get(i) : null);
      if (r != null && !replies.containsKey(sender)) {
        replies.put(sender, r);
        notifyAll();
      }
    }

    synchronized Map<Integer, ReplyEnvelope> await(int count, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (replies.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return new TreeMap<>(replies);
    }
  }
}
