package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.clusters.ClientCalls.ok;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that was frozen (SIGSTOP) while the others went on ordering a few hundred requests —
 * far fewer than the engine needs to notice on its own that a replica fell behind — must catch up
 * by itself once it runs again, even when the clients then fall silent (paper §2.2: a replica that
 * fell behind brings itself up to date from the others). Its watchdog sees requests waiting and
 * nothing executed, asks its peers for their last executed consensus instance and fetches their
 * state. The service answers every call throughout (the other three are a quorum), and all four
 * replicas end in the same abstract state.
 */
@Timeout(300)
class FrozenReplicaIT {

  private static final int FROZEN = 3;
  private static final int WHILE_FROZEN = 300;

  private ProcessCluster cluster;

  @AfterEach
  void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aFollowerFrozenWhileTheGroupWentOnCatchesUpWithoutFurtherTraffic(@TempDir Path dir)
      throws Exception {
    // relay 1's key is the probe's
    cluster =
        ProcessCluster.start(
            dir.resolve("FrozenReplicaIT"), ProcessCluster.LOCAL_ONLY, 2, Map.of());
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(60))) {
      byte[] root = client.mount(relay.export());
      ok(client, NfsCalls.create(root, "before", true));
      cluster.replica(FROZEN).signal("STOP");
      try {
        for (int i = 0; i < WHILE_FROZEN; i++) {
          ok(client, NfsCalls.create(root, String.format("frozen-%03d", i), true));
        }
      } finally {
        cluster.replica(FROZEN).signal("CONT");
      }
      long thawed = System.nanoTime();
      // a few more requests reach the thawed replica, then the clients fall silent
      for (int i = 0; i < 3; i++) {
        ok(client, NfsCalls.create(root, "after-" + i, true));
      }
      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1100)) {
        probe.awaitAgreement(FROZEN, cluster.config().f(), Duration.ofSeconds(90));
      }
      System.out.printf(
          "FrozenReplicaIT: replica %d, frozen during %d CREATEs, agreed with the others %d ms"
              + " after it was thawed (%s)%n",
          FROZEN,
          WHILE_FROZEN,
          (System.nanoTime() - thawed) / 1_000_000,
          cluster.replica(FROZEN).output().contains("fetching their state")
              ? "its watchdog found it behind and fetched its peers' state"
              : "the engine brought it up to date by itself");

      // caught up, it holds no stale work: over more than one catch-up period it neither asks its
      // peers again nor reports a stall (the requests it held while behind were covered by the
      // state it installed)
      String caughtUp = cluster.replica(FROZEN).output();
      long quietUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() - quietUntil < 0) {
        ok(client, NfsCalls.create(root, "quiet-" + System.nanoTime(), true));
        TimeUnit.MILLISECONDS.sleep(500); // poll interval of a bounded observation
      }
      String later = cluster.replica(FROZEN).output().substring(caughtUp.length());
      assertThat(later)
          .as("replica %d's log after it caught up", FROZEN)
          .doesNotContain("asking its peers whether it fell behind")
          .doesNotContain("without executing any");
    }
    assertThat(cluster.stopCleanlyWhenCaughtUp(Duration.ofSeconds(120)))
        .as("processes that did not stop cleanly")
        .isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }
}
