package org.bftnfs.replication.node;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.replication.client.ReplicatedNfsService;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.ordering.smart.SmartClient;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.spec.service.NfsService;

/**
 * The replicated service as one relay uses it: the ordering engine's client and the {@link
 * ReplicatedNfsService} over it, with this relay's key and the replicas' public keys.
 */
public final class RelayNode implements AutoCloseable {

  /**
   * How long a relay waits at start for the replicas to tell it its next sequence number (through
   * the order: a quorum of replicas must be up).
   */
  static final Duration SEQUENCE_QUERY_TIMEOUT = Duration.ofSeconds(60);

  private final OrderingClient engine;
  private final ReplicatedNfsService service;
  private final ScheduledExecutorService timer;

  private final int engineClientId;

  private RelayNode(
      OrderingClient engine,
      ReplicatedNfsService service,
      ScheduledExecutorService timer,
      int engineClientId) {
    this.engineClientId = engineClientId;
    this.engine = engine;
    this.service = service;
    this.timer = timer;
  }

  /**
   * Connects relay {@code relayId} of {@code config}.
   *
   * @param attemptTimeout how long one attempt waits for enough matching replies
   * @param totalTimeout after this a call fails with JUKEBOX
   */
  public static RelayNode connect(
      ClusterConfig config, int relayId, Duration attemptTimeout, Duration totalTimeout)
      throws IOException {
    if (relayId < 0 || relayId >= config.relays()) {
      throw new IllegalArgumentException(
          "relay id " + relayId + " is not configured (relays = " + config.relays() + ")");
    }
    KeyFiles keys = new KeyFiles(config.keys());
    List<VerifyingKey> replicas = new ArrayList<>();
    for (int i = 0; i < config.n(); i++) {
      replicas.add(keys.verifyingKey(KeyFiles.Role.REPLICA, i));
    }
    // A fresh, unguessable engine client id at every start: the engine routes replies by client id
    // and trusts the first connection that claims one, so a predictable id could be taken first.
    int clientId = engineClientId(config.n(), new SecureRandom());
    OrderingClient engine = SmartClient.connect(config.ordering(), clientId);
    java.util.concurrent.ScheduledThreadPoolExecutor timer =
        new java.util.concurrent.ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "bftnfs-relay-timer");
              t.setDaemon(true);
              return t;
            });
    // a call's attempt timeout is cancelled when the call is answered: drop it from the queue then,
    // rather than keep every answered call's timeout task for the whole timeout
    timer.setRemoveOnCancelPolicy(true);
    SigningKey key = keys.signingKey(KeyFiles.Role.RELAY, relayId);
    ReplyEnvelope.ReplicaKeys replicaKeys =
        i -> i >= 0 && i < replicas.size() ? replicas.get(i) : null;
    Clock clock = Clock.systemUTC();
    ReplicatedNfsService service;
    try {
      // request numbers above any this relay used before, as the replicas know them
      long firstSequence =
          ReplicatedNfsService.nextSequence(
              engine, relayId, key, replicaKeys, clock, SEQUENCE_QUERY_TIMEOUT);
      service =
          new ReplicatedNfsService(
              engine,
              relayId,
              key,
              replicaKeys,
              timer,
              attemptTimeout,
              totalTimeout,
              firstSequence,
              clock);
    } catch (RuntimeException e) {
      engine.close();
      timer.shutdownNow();
      throw new IOException("relay " + relayId + " cannot start: " + e.getMessage(), e);
    }
    return new RelayNode(engine, service, timer, clientId);
  }

  /**
   * A random engine client id above the replica ids {@code 0..n-1} (and above 1023, clear of ids
   * tests pick by hand).
   */
  static int engineClientId(int n, SecureRandom random) {
    int low = Math.max(n, 1024);
    return low + random.nextInt(Integer.MAX_VALUE - low);
  }

  /** The ordering engine's id of this relay's client (random at each start). */
  public int engineClientId() {
    return engineClientId;
  }

  public NfsService service() {
    return service;
  }

  @Override
  public void close() {
    service.close();
    engine.close();
    timer.shutdownNow();
  }
}
