package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.clusters.ClientCalls.createWith;
import static org.bftnfs.clusters.ClientCalls.ok;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper §2.2 and §3.4: a replica whose state departs from the others' while its backend agrees with
 * it ({@code BFTNFS_FAULT=diverge}: after its first change it also changes the root directory's
 * mode) is found by checkpoint agreement — f + 1 peers sign another root for its checkpoint — and
 * repaired in place: it fetches its peers' state (only the objects that differ) without restarting,
 * its backend or its service. Scrubbing finds nothing (the backend matches the replica's own
 * checkpoints) and proactive recovery is off, so nothing else could repair it; before the in-place
 * repair it stayed wrong until restarted. A client works throughout without an error, and the four
 * replicas end in the same abstract state.
 */
@Timeout(300)
class DivergenceRepairIT {

  private static final int LIVE_FILES = 500;

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

  /** Replica {@code id}'s metrics (Prometheus text) from its metrics port. */
  private String metrics(int id) throws Exception {
    var r = cluster.config().replicas().get(id);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + r.host() + ":" + r.metricsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void aDivergedReplicaIsRepairedInPlaceWhileClientsWork(@TempDir Path dir) throws Exception {
    Ganesha.assumeAvailable();
    cluster =
        ProcessCluster.start(
            dir.resolve("DivergenceRepairIT"),
            ProcessCluster.MIXED,
            1,
            Map.of(2, "diverge"),
            ProcessCluster.SCRUB_PER_SECOND);
    assertThat(cluster.replica(2).output()).contains("changes the root directory's mode once");
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(120))) {
      byte[] root = client.mount(relay.export());
      AtomicBoolean working = new AtomicBoolean(true);
      AtomicInteger created = new AtomicInteger();
      Future<?> workload =
          worker.submit(
              () -> {
                while (working.get()) {
                  int n = created.incrementAndGet();
                  if (n > LIVE_FILES) {
                    ok(client, NfsCalls.remove(root, "f-" + (n - LIVE_FILES)));
                  }
                  createWith(client, root, "f-" + n, "contents " + n);
                }
                return null;
              });
      Poll.until(
          Duration.ofSeconds(180),
          workload,
          "replica 2 repaired its state in place",
          () -> cluster.replica(2).output().contains("repaired in place"));
      int atRepair = created.get();
      Poll.until(
          Duration.ofSeconds(60),
          workload,
          "a few more calls after the repair",
          () -> created.get() > atRepair + 2 * ProcessCluster.CHECKPOINT_PERIOD);
      working.set(false);
      workload.get(120, TimeUnit.SECONDS);
      System.out.printf(
          "DivergenceRepairIT: %d files created; replica 2 repaired at call %d%n",
          created.get(), atRepair);
    }
    String log = cluster.replica(2).output();
    log.lines()
        .filter(l -> l.contains("wrong") || l.contains("repair") || l.contains("installed"))
        .forEach(l -> System.out.println("DivergenceRepairIT: replica 2: " + l));
    assertThat(log).contains("its state is wrong").contains("repairing it in place");
    assertThat(Recoveries.in(log)).as("no whole recovery").isEmpty();
    assertThat(log).as("the repair was not escalated").doesNotContain("could not be repaired");
    assertThat(metrics(2))
        .as("replica 2's metrics count the repair")
        .containsPattern("(?m)^bftnfs_divergences_repaired_in_place_total [1-9]");
    assertThat(metrics(1)).contains("bftnfs_divergences_repaired_in_place_total 0.0");
    String status = cluster.awaitSameLastExecuted(Duration.ofSeconds(120));
    assertThat(status)
        .as("bftnfs status shows the repair in replica 2's line")
        .containsPattern("replica 2 [^\n]*\n  [^\n]*, [1-9]\\d* divergences? repaired in place; ")
        .doesNotContainPattern("replica 1 [^\n]*\n  [^\n]*repaired in place");
    assertThat(cluster.stopCleanly()).as("processes that did not stop cleanly").isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }
}
