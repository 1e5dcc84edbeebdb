package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.bftnfs.replication.replica.CheckpointTimes;
import org.bftnfs.replication.replica.RecoveryView;
import org.bftnfs.replication.replica.ReplicaCheckpoints;
import org.bftnfs.statetransfer.Digest;
import org.junit.jupiter.api.Test;

/**
 * A replica's metrics endpoint: started on a free loopback port, scraped over HTTP, serves exactly
 * the values it was given (in the text format, with help text), and stops at close.
 */
class ReplicaMetricsTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static Digest digest(int fill) {
    byte[] b = new byte[Digest.LENGTH];
    java.util.Arrays.fill(b, (byte) fill);
    return Digest.of(b);
  }

  /** A replica that executed 1234, keeps checkpoints 1100 and 1200, repaired 3, refused 7. */
  private static final ReplicaMetrics.Source SOURCE =
      new ReplicaMetrics.Source() {
        @Override
        public long lastExecutedConsensus() {
          return 1234;
        }

        @Override
        public List<ReplicaCheckpoints.Taken> keptCheckpoints() {
          return List.of(
              new ReplicaCheckpoints.Taken(1100, digest(0xab), NOW.minusSeconds(60)),
              new ReplicaCheckpoints.Taken(1200, digest(0x1c), NOW.minusMillis(12_500)));
        }

        @Override
        public long repairedByScrubber() {
          return 3;
        }

        @Override
        public long refusedRequests() {
          return 7;
        }

        @Override
        public long repairedInPlace() {
          return 2;
        }

        @Override
        public CheckpointTimes.Totals checkpointTimes() {
          return new CheckpointTimes.Totals(12, 3_750_000_000L, 125_000_000L);
        }

        @Override
        public Optional<ReplicaCheckpoints.Stable> latestStable() {
          return Optional.of(
              new ReplicaCheckpoints.Stable(
                  org.bftnfs.statetransfer.CheckpointCertificate.of(
                      new org.bftnfs.statetransfer.CheckpointStatement(1100, digest(0xab))),
                  NOW.minusSeconds(50)));
        }
      };

  /** Recovered 90 s ago (5 objects repaired), next in 210 s, window 300 s. */
  private static final RecoveryView RECOVERING =
      new RecoveryView() {
        @Override
        public Optional<Instant> lastRecovery() {
          return Optional.of(NOW.minusSeconds(90));
        }

        @Override
        public Optional<Instant> nextRecovery() {
          return Optional.of(NOW.plusSeconds(210));
        }

        @Override
        public long repairedByRecoveries() {
          return 5;
        }

        @Override
        public Optional<Duration> windowOfVulnerability() {
          return Optional.of(Duration.ofSeconds(300));
        }
      };

  private static String scrape(int port) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return r.body();
  }

  @Test
  void servesTheValuesItWasGivenAndStopsAtClose() throws Exception {
    int port;
    try (ReplicaMetrics metrics =
        ReplicaMetrics.start(2, SOURCE, RECOVERING, CLOCK, "127.0.0.1", 0)) {
      port = metrics.port();
      assertThat(port).isPositive();
      String text = scrape(port);
      assertThat(text)
          .contains("# HELP bftnfs_up ")
          .contains("# TYPE bftnfs_up gauge\n")
          .contains("bftnfs_up{replica=\"2\"} 1.0\n")
          .contains("# HELP bftnfs_last_executed_consensus ")
          .contains("bftnfs_last_executed_consensus 1234.0\n")
          .contains("bftnfs_checkpoint_number 1200.0\n")
          .contains("bftnfs_checkpoint_age_seconds 12.5\n")
          .contains("bftnfs_stable_checkpoint_number 1100.0\n")
          .contains("# TYPE bftnfs_checkpoints_taken_total counter\n")
          .contains("bftnfs_checkpoints_taken_total 12.0\n")
          .contains("# TYPE bftnfs_checkpoint_seconds_total counter\n")
          .contains("bftnfs_checkpoint_seconds_total 3.75\n")
          .contains("# TYPE bftnfs_last_checkpoint_seconds gauge\n")
          .contains("bftnfs_last_checkpoint_seconds 0.125\n")
          .contains("# TYPE bftnfs_checkpoint_info gauge\n")
          .contains(
              "bftnfs_checkpoint_info{number=\"1100\",root=\"" + digest(0xab).hex() + "\"} 1\n")
          .contains(
              "bftnfs_checkpoint_info{number=\"1200\",root=\"" + digest(0x1c).hex() + "\"} 1\n")
          .contains("# TYPE bftnfs_scrubber_repaired_objects_total counter\n")
          .contains("bftnfs_scrubber_repaired_objects_total 3.0\n")
          .contains("bftnfs_recovery_repaired_objects_total 5.0\n")
          .contains("bftnfs_proactive_recovery 1.0\n")
          .contains("bftnfs_last_recovery_timestamp_seconds 1.893553355E9\n")
          .contains("bftnfs_next_recovery_timestamp_seconds 1.893553655E9\n")
          .contains("bftnfs_window_of_vulnerability_seconds 300.0\n")
          .contains("bftnfs_verify_refused_requests_total 7.0\n")
          .contains("# TYPE bftnfs_divergences_repaired_in_place_total counter\n")
          .contains("bftnfs_divergences_repaired_in_place_total 2.0\n");
      for (String line : text.split("\n")) {
        if (line.startsWith("# HELP ")) {
          assertThat(line.split(" ", 4)).as("help text of %s", line).hasSize(4);
        }
      }

      ScrapedMetrics m = ScrapedMetrics.parse(text);
      assertThat(m.replica()).isEqualTo(2);
      assertThat(m.lastExecuted()).isEqualTo(1234);
      assertThat(m.checkpoint()).contains(1200L);
      assertThat(m.checkpointAgeSeconds()).contains(12.5);
      assertThat(m.roots())
          .containsExactly(
              java.util.Map.entry(1100L, digest(0xab).hex()),
              java.util.Map.entry(1200L, digest(0x1c).hex()));
      assertThat(m.latestRoot()).contains(digest(0x1c).hex());
      assertThat(m.repairedByScrubber()).isEqualTo(3);
      assertThat(m.repairedByRecoveries()).isEqualTo(5);
      assertThat(m.proactive()).isTrue();
      assertThat(m.lastRecovery()).contains((double) NOW.getEpochSecond() - 90);
      assertThat(m.nextRecovery()).contains((double) NOW.getEpochSecond() + 210);
      assertThat(m.windowSeconds()).contains(300.0);
      assertThat(m.refused()).isEqualTo(7);
      assertThat(m.repairedInPlace()).isEqualTo(2);
    }
    assertThatThrownBy(() -> scrape(port)).isInstanceOf(ConnectException.class);
  }

  @Test
  void withoutProactiveRecoveryOrCheckpointsTheirMetricsAreAbsent() throws Exception {
    ReplicaMetrics.Source fresh =
        new ReplicaMetrics.Source() {
          @Override
          public long lastExecutedConsensus() {
            return -1;
          }

          @Override
          public List<ReplicaCheckpoints.Taken> keptCheckpoints() {
            return List.of();
          }

          @Override
          public long repairedByScrubber() {
            return 0;
          }

          @Override
          public long refusedRequests() {
            return 0;
          }
        };
    try (ReplicaMetrics metrics =
        ReplicaMetrics.start(0, fresh, RecoveryView.NONE, CLOCK, "127.0.0.1", 0)) {
      String text = scrape(metrics.port());
      assertThat(text)
          .contains("bftnfs_proactive_recovery 0.0\n")
          .contains("bftnfs_last_executed_consensus -1.0\n")
          .contains("bftnfs_recovery_repaired_objects_total 0.0\n")
          .contains("bftnfs_checkpoints_taken_total 0.0\n")
          .contains("bftnfs_checkpoint_seconds_total 0.0\n")
          .doesNotContain("bftnfs_last_checkpoint_seconds")
          .doesNotContain("bftnfs_checkpoint_number")
          .doesNotContain("bftnfs_checkpoint_age")
          .doesNotContain("bftnfs_checkpoint_info")
          .doesNotContain("bftnfs_stable_checkpoint_number ")
          .doesNotContain("recovery_timestamp")
          .doesNotContain("bftnfs_window_of_vulnerability");
      ScrapedMetrics m = ScrapedMetrics.parse(text);
      assertThat(m.proactive()).isFalse();
      assertThat(m.checkpoint()).isEmpty();
      assertThat(m.roots()).isEmpty();
      assertThat(m.windowSeconds()).isEmpty();
      assertThat(m.lastRecovery()).isEmpty();
    }
  }

  @Test
  void aTakenPortIsReportedNotSwallowed() throws Exception {
    try (ReplicaMetrics first =
        ReplicaMetrics.start(0, SOURCE, RecoveryView.NONE, CLOCK, "127.0.0.1", 0)) {
      assertThatThrownBy(
              () ->
                  ReplicaMetrics.start(
                      1, SOURCE, RecoveryView.NONE, CLOCK, "127.0.0.1", first.port()))
          .isInstanceOf(IOException.class);
    }
  }
}
