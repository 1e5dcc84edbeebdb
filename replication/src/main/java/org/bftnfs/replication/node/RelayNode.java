package org.bftnfs.replication.node;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.replication.client.ReplicatedNfsService;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.ordering.smart.SmartClient;
import org.bftnfs.spec.service.NfsService;

/**
 * The replicated service as one relay uses it: the ordering engine's client and the {@link
 * ReplicatedNfsService} over it, with this relay's key and the replicas' public keys.
 */
public final class RelayNode implements AutoCloseable {

  /** Engine client ids of relays start here (replica ids are 0..n-1). */
  public static final int CLIENT_ID_BASE = 1000;

  private final OrderingClient engine;
  private final ReplicatedNfsService service;
  private final ScheduledExecutorService timer;

  private RelayNode(
      OrderingClient engine, ReplicatedNfsService service, ScheduledExecutorService timer) {
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
    OrderingClient engine = SmartClient.connect(config.ordering(), CLIENT_ID_BASE + relayId);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bftnfs-relay-timer");
              t.setDaemon(true);
              return t;
            });
    // request numbers above any this relay used before: microseconds of the wall clock at start
    long firstSequence = System.currentTimeMillis() * 1000;
    ReplicatedNfsService service =
        new ReplicatedNfsService(
            engine,
            relayId,
            keys.signingKey(KeyFiles.Role.RELAY, relayId),
            i -> i >= 0 && i < replicas.size() ? replicas.get(i) : null,
            timer,
            attemptTimeout,
            totalTimeout,
            firstSequence);
    return new RelayNode(engine, service, timer);
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
