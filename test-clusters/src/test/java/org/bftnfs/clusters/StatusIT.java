package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.clusters.ClientCalls.createWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators see (issue 12): every replica process serves its metrics in the Prometheus text
 * format on its metrics port, and {@code bin/bftnfs status} prints, per replica, its latest
 * checkpoint (number, root prefix, age), objects repaired by the scrubber and by recoveries, and
 * its proactive recovery — after a workload, the replicas' checkpoint roots agree and nothing was
 * repaired. With a replica killed, {@code status} says that it neither answers nor serves metrics,
 * and exits with 3.
 */
@Timeout(300)
class StatusIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int FILES = 3 * ProcessCluster.CHECKPOINT_PERIOD;
  private static final Pattern STABLE =
      Pattern.compile("(?m)^bftnfs_stable_checkpoint_number (\\S+)$");
  private static final Pattern NUMBER = Pattern.compile("(?m)^bftnfs_checkpoint_number (\\S+)$");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private ProcessCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void statusShowsCheckpointsRepairsAndRecoveryFromEachReplicasMetrics(@TempDir Path dir)
      throws Exception {
    cluster = ProcessCluster.start(dir.resolve("StatusIT"), ProcessCluster.LOCAL_ONLY, 1, Map.of());
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), TIMEOUT)) {
      byte[] root = client.mount(relay.export());
      for (int i = 0; i < FILES; i++) {
        createWith(client, root, "file-" + i, "contents " + i);
      }
    }
    // every replica took a checkpoint after most of the workload (one per checkpoint period)
    long expectedAtLeast = 2L * ProcessCluster.CHECKPOINT_PERIOD;
    Poll.until(
        Duration.ofSeconds(60),
        "every replica's metrics show a checkpoint at or after " + expectedAtLeast,
        () -> {
          for (int i = 0; i < cluster.config().n(); i++) {
            if (checkpointNumber(scrape(i)).orElse(-1L) < expectedAtLeast) {
              return false;
            }
          }
          return true;
        });
    // and every replica's latest checkpoint became stable: 2f + 1 replicas signed its root, the
    // signatures checked with the replicas' public keys (CheckpointAgreementWatch, every 5 s)
    Poll.until(
        Duration.ofSeconds(60),
        "every replica's latest checkpoint is stable",
        () -> {
          for (int i = 0; i < cluster.config().n(); i++) {
            String page = scrape(i);
            Optional<Long> stable = stableNumber(page);
            if (stable.isEmpty() || !stable.equals(checkpointNumber(page))) {
              return false;
            }
          }
          return true;
        });

    ProcessCluster.Status status = cluster.status();
    System.out.printf(
        "StatusIT: bftnfs status said (exit %d):%n%s", status.exitCode(), status.output());
    assertThat(status.exitCode()).as(status.output()).isZero();
    for (int i = 0; i < cluster.config().n(); i++) {
      String page = scrape(i);
      assertThat(page)
          .contains("bftnfs_up{replica=\"" + i + "\"} 1.0\n")
          .contains("bftnfs_scrubber_repaired_objects_total 0.0\n")
          .contains("bftnfs_proactive_recovery 0.0\n");
      long number = checkpointNumber(page).orElseThrow();
      Matcher root =
          Pattern.compile(
                  "bftnfs_checkpoint_info\\{number=\""
                      + number
                      + "\",root=\"([0-9a-f]{8})[0-9a-f]{56}\"\\} 1")
              .matcher(page);
      assertThat(root.find()).as("replica %d's latest root in %s", i, page).isTrue();
      ClusterConfig.Replica r = cluster.config().replicas().get(i);
      assertThat(status.output())
          .as("replica %d's lines", i)
          .contains("replica " + i + " 127.0.0.1:" + r.port() + " (local): answers, started")
          .containsPattern(
              "\n  checkpoint "
                  + number
                  + " root "
                  + root.group(1)
                  + ", \\d+ s old, stable "
                  + number
                  + "; repaired 0 objects by scrubbing, 0 by recoveries; no proactive"
                  + " recovery\n");
    }
    assertThat(status.output())
        .contains("4 of 4 replicas answer")
        .containsPattern("checkpoint roots agree: checkpoint \\d+ has root [0-9a-f]{8} at replicas")
        .doesNotContain("DISAGREE")
        .doesNotContain("Exception");

    cluster.kill(3);
    ProcessCluster.Status degraded = cluster.status();
    System.out.printf(
        "StatusIT: with replica 3 killed (exit %d):%n%s", degraded.exitCode(), degraded.output());
    ClusterConfig.Replica down = cluster.config().replicas().get(3);
    assertThat(degraded.exitCode()).as(degraded.output()).isEqualTo(3);
    assertThat(degraded.output())
        .contains("replica 3 127.0.0.1:" + down.port() + " (local): no answer within 3 s")
        .contains(
            "  metrics at 127.0.0.1:"
                + down.metricsPort()
                + ": no answer (connection refused: not running, or another metrics port)")
        .contains("3 of 4 replicas answer")
        .contains("checkpoint roots agree")
        .doesNotContain("Exception");
  }

  /** Replica {@code id}'s metrics page, read over HTTP as a Prometheus server would. */
  private String scrape(int id) {
    ClusterConfig.Replica r = cluster.config().replicas().get(id);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + r.host() + ":" + r.metricsPort() + "/metrics"))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("replica " + id + "'s metrics do not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Optional<Long> stableNumber(String page) {
    Matcher m = STABLE.matcher(page);
    return m.find() ? Optional.of((long) Double.parseDouble(m.group(1))) : Optional.empty();
  }

  private static Optional<Long> checkpointNumber(String page) {
    Matcher m = NUMBER.matcher(page);
    return m.find() ? Optional.of((long) Double.parseDouble(m.group(1))) : Optional.empty();
  }
}
