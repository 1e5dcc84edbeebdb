package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.clusters.ClientCalls.ok;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up with f replicas down (issue 11): replica 3 is stopped while files change, then replica 2
 * crashes (SIGKILL) and replica 3 restarts. Until replica 3 has caught up the group cannot order
 * (two of four replicas), and only replicas 0 and 1 — f+1 — can vouch for the state it needs. It
 * must catch up from them while replica 2 stays down, well before BFT-SMaRt's own state timer (80
 * s) would even have retried, and the service then answers again without errors.
 */
@Timeout(300)
class CatchUpWithReplicaDownIT {

  private static final int AWAY = 3;
  private static final int DOWN = 2;
  private static final int WHILE_AWAY = 80; // beyond a checkpoint (period 50)

  /** Generous, yet below the library's first state timeout. */
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private ProcessCluster cluster;

  @AfterEach
  void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRestartedReplicaCatchesUpFromFPlusOnePeersWhileAnotherIsDown(@TempDir Path dir)
      throws Exception {
    // relay 1's key is the probe's
    cluster =
        ProcessCluster.start(
            dir.resolve("CatchUpWithReplicaDownIT"), ProcessCluster.LOCAL_ONLY, 2, Map.of());
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(60))) {
      byte[] root = client.mount(relay.export());
      ok(client, NfsCalls.create(root, "before", true));
      assertThat(cluster.terminate(AWAY)).as("replica %d stopped cleanly", AWAY).isZero();
      for (int i = 0; i < WHILE_AWAY; i++) {
        ok(client, NfsCalls.create(root, String.format("away-%03d", i), true));
      }
      cluster.kill(DOWN);
      cluster.restart(AWAY, null);
      long restarted = System.nanoTime();
      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1100)) {
        probe.awaitAgreement(AWAY, cluster.config().f(), CATCH_UP);
      }
      System.out.printf(
          "CatchUpWithReplicaDownIT: replica %d, stopped during %d CREATEs, agreed with replicas"
              + " 0 and 1 %d ms after it was ready again, replica %d down%n",
          AWAY, WHILE_AWAY, (System.nanoTime() - restarted) / 1_000_000, DOWN);
      assertThat(cluster.replica(DOWN).isAlive()).as("replica %d still down", DOWN).isFalse();

      // the service answers again: replicas 0, 1 and 3 order
      for (int i = 0; i < 3; i++) {
        ok(client, NfsCalls.create(root, "after-" + i, true));
      }
      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1101)) {
        probe.awaitAgreement(AWAY, cluster.config().f(), Duration.ofSeconds(30));
      }
    }
    assertThat(cluster.stopCleanly()).as("processes that did not stop cleanly").isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, AWAY);
  }
}
