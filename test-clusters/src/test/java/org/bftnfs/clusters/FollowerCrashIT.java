package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower crashes and recovers (paper §2.2: state transfer brings an out-of-date replica up to
 * date; §3.4: it restarts from a clean initial concrete state and the abstract state brings it up
 * to date). Replica 2 (a local-directory replica, not the leader) is killed with SIGKILL while a
 * random workload runs through the relay: every call is still answered. Restarted, it wipes its
 * export (its conformance rep was not saved), installs a peer's snapshot — the whole abstract
 * state, {@code getObj} of every entry, put into its backend with {@code putObjs} — and replays the
 * ordered requests since. After more calls and a clean stop its abstract state equals the others'.
 */
@Timeout(300)
class FollowerCrashIT {

  private static final int VICTIM = 2;
  private static final long SEED = 20_490_202L;

  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private ProcessCluster cluster;

  @AfterEach
  void stop() throws InterruptedException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      worker.shutdownNow();
      assertThat(worker.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aKilledFollowerCatchesUpByStateTransferAndEndsInTheSameAbstractState(@TempDir Path dir)
      throws Exception {
    Ganesha.assumeAvailable();
    // relay 1's key is the probe's: it asks each replica directly
    cluster =
        ProcessCluster.start(dir.resolve("FollowerCrashIT"), ProcessCluster.MIXED, 2, Map.of());
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(60))) {
      client.mount(relay.export());
      WorkloadRun run = new WorkloadRun(client, cluster.config().spec().handles(), SEED);
      Future<?> workload =
          worker.submit(
              () -> {
                run.run(400);
                return null;
              });

      Poll.until(Duration.ofSeconds(60), workload, "100 calls", () -> run.calls() >= 100);
      cluster.kill(VICTIM);
      int atKill = run.calls();
      Poll.until(
          Duration.ofSeconds(60), workload, "100 calls after the kill", () -> run.calls() >= 200);
      assertThat(cluster.replica(VICTIM).isAlive()).isFalse();

      long restart = System.nanoTime();
      cluster.restart(VICTIM, null);
      int atRestart = run.calls();
      workload.get(120, TimeUnit.SECONDS);
      System.out.printf(
          "FollowerCrashIT: killed replica %d after %d calls, restarted it after %d; %s%n",
          VICTIM, atKill, atRestart, run);
      assertThat(run.failures()).as(run.toString()).isZero();

      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1100)) {
        probe.awaitAgreement(VICTIM, cluster.config().f(), Duration.ofSeconds(60));
      }
      long caughtUp = (System.nanoTime() - restart) / 1_000_000;
      System.out.printf(
          "FollowerCrashIT: replica %d caught up %d ms after its restart began%n",
          VICTIM, caughtUp);
      CheckpointInstalls.assertFilledACleanExport(
          "FollowerCrashIT", VICTIM, cluster.replica(VICTIM).output());

      run.run(100); // more operations, now executed by the recovered replica too
      assertThat(run.failures()).as(run.toString()).isZero();
    }
    assertThat(cluster.stopCleanly()).as("processes that did not stop cleanly").isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }
}
