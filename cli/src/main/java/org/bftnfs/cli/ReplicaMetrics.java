package org.bftnfs.cli;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bftnfs.replication.replica.CheckpointTimes;
import org.bftnfs.replication.replica.NfsReplica;
import org.bftnfs.replication.replica.RecoveryView;
import org.bftnfs.replication.replica.ReplicaCheckpoints;

/**
 * One replica's health as metrics in the Prometheus text format, served over HTTP ({@code GET
 * /metrics}) on the replica's host and metrics port only, by the Prometheus Java client's HTTP
 * server. Every value is read when scraped (callbacks), from the replica's reporting accessors —
 * none takes the replica's execution lock — and from its {@link RecoveryView}.
 *
 * <p>The metrics (names are the contract {@code bftnfs status} reads):
 *
 * <ul>
 *   <li>{@value #UP}{@code {replica="I"}} 1 — the replica's process serves;
 *   <li>{@value #LAST_EXECUTED} — last consensus instance executed (-1: none yet);
 *   <li>{@value #CHECKPOINT_NUMBER}, {@value #CHECKPOINT_AGE} — the latest checkpoint and the
 *       seconds since this replica took or installed it (absent before the first);
 *   <li>{@value #CHECKPOINTS_TAKEN}{@code _total}, {@value #CHECKPOINT_SECONDS}{@code _total} —
 *       checkpoints this replica took for the ordering engine and the seconds they took, added up;
 *       {@value #LAST_CHECKPOINT_SECONDS} — the latest one's (absent before the first); measured
 *       with the replica's local monotonic clock, never part of the agreed state;
 *   <li>{@value #STABLE_CHECKPOINT} — the latest checkpoint this replica knows stable (2f + 1
 *       replicas signed its number and root; absent before the first);
 *   <li>{@value #CHECKPOINT}{@code _info{number="N",root="HEX"}} 1 — one per checkpoint the replica
 *       keeps, with its full root digest (for comparing replicas);
 *   <li>{@value #SCRUB_REPAIRED}{@code _total}, {@value #RECOVERY_REPAIRED}{@code _total} — objects
 *       repaired by the scrubber and by recoveries;
 *   <li>{@value #PROACTIVE} — 1 when proactive recovery is in force, else 0; {@value
 *       #LAST_RECOVERY}, {@value #NEXT_RECOVERY} (Unix time in seconds) and {@value #WINDOW} — each
 *       absent when there is none;
 *   <li>{@value #REPAIRED_IN_PLACE}{@code _total} — times the replica's state diverged (f + 1 peers
 *       signed another checkpoint root) and was repaired in place;
 *   <li>{@value #REFUSED}{@code _total} — requests refused by {@code verify} (never ordered).
 * </ul>
 *
 * <p>Times come from the injected clock (reporting only). {@link #close} stops the server at once.
 */
final class ReplicaMetrics implements AutoCloseable {

  static final String UP = "bftnfs_up";
  static final String LAST_EXECUTED = "bftnfs_last_executed_consensus";
  static final String CHECKPOINT_NUMBER = "bftnfs_checkpoint_number";
  static final String CHECKPOINT_AGE = "bftnfs_checkpoint_age_seconds";
  static final String CHECKPOINT = "bftnfs_checkpoint";
  static final String STABLE_CHECKPOINT = "bftnfs_stable_checkpoint_number";
  static final String CHECKPOINTS_TAKEN = "bftnfs_checkpoints_taken";
  static final String CHECKPOINT_SECONDS = "bftnfs_checkpoint_seconds";
  static final String LAST_CHECKPOINT_SECONDS = "bftnfs_last_checkpoint_seconds";
  static final String SCRUB_REPAIRED = "bftnfs_scrubber_repaired_objects";
  static final String RECOVERY_REPAIRED = "bftnfs_recovery_repaired_objects";
  static final String PROACTIVE = "bftnfs_proactive_recovery";
  static final String LAST_RECOVERY = "bftnfs_last_recovery_timestamp_seconds";
  static final String NEXT_RECOVERY = "bftnfs_next_recovery_timestamp_seconds";
  static final String WINDOW = "bftnfs_window_of_vulnerability_seconds";
  static final String REFUSED = "bftnfs_verify_refused_requests";
  static final String REPAIRED_IN_PLACE = "bftnfs_divergences_repaired_in_place";

  /** What the metrics read from a replica: its reporting accessors, callable from any thread. */
  interface Source {
    /** The last consensus instance executed (-1: none yet). */
    long lastExecutedConsensus();

    /** The checkpoints kept, oldest first (empty before the first). */
    List<ReplicaCheckpoints.Taken> keptCheckpoints();

    /** Objects the scrubber repaired. */
    long repairedByScrubber();

    /** Requests {@code verify} refused. */
    long refusedRequests();

    /** The latest checkpoint known stable (empty before the first). */
    default Optional<ReplicaCheckpoints.Stable> latestStable() {
      return Optional.empty();
    }

    /**
     * Divergences repaired in place: the replica's checkpoint root differed from the one f + 1
     * peers signed and it installed their state without a restart (none by default).
     */
    default long repairedInPlace() {
      return 0;
    }

    /** The checkpoints taken for the engine and how long they took (none by default). */
    default CheckpointTimes.Totals checkpointTimes() {
      return CheckpointTimes.Totals.NONE;
    }

    /** What {@code replica} reports. */
    static Source of(NfsReplica replica) {
      return new Source() {
        @Override
        public long lastExecutedConsensus() {
          return replica.lastExecutedConsensus();
        }

        @Override
        public List<ReplicaCheckpoints.Taken> keptCheckpoints() {
          return replica.keptCheckpoints();
        }

        @Override
        public long repairedByScrubber() {
          return replica.repairedEntries();
        }

        @Override
        public long refusedRequests() {
          return replica.refusedRequests();
        }

        @Override
        public Optional<ReplicaCheckpoints.Stable> latestStable() {
          return replica.checkpoints().latestStable();
        }

        @Override
        public CheckpointTimes.Totals checkpointTimes() {
          return replica.checkpointTimes();
        }
      };
    }
  }

  private final HTTPServer server;

  private ReplicaMetrics(HTTPServer server) {
    this.server = server;
  }

  /**
   * Registers replica {@code id}'s metrics and serves them on {@code host:port} ({@code port} 0: a
   * free one, see {@link #port()}).
   *
   * @param recovery what proactive recovery reports ({@link RecoveryView#NONE} without it)
   * @param clock the clock checkpoint ages are measured with (reporting only)
   * @throws IOException when the port cannot be bound
   */
  static ReplicaMetrics start(
      int id, Source source, RecoveryView recovery, Clock clock, String host, int port)
      throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    register(registry, id, source, recovery, clock);
    HTTPServer server =
        HTTPServer.builder()
            .inetAddress(InetAddress.getByName(host))
            .port(port)
            .registry(registry)
            .buildAndStart();
    return new ReplicaMetrics(server);
  }

  /** The port the metrics are served on. */
  int port() {
    return server.getPort();
  }

  /** Stops serving: closes the listening socket and open exchanges at once. */
  @Override
  public void close() {
    server.close();
  }

  private static void register(
      PrometheusRegistry registry, int id, Source source, RecoveryView recovery, Clock clock) {
    GaugeWithCallback.builder()
        .name(UP)
        .help("1 while this bftnfs replica's process serves; the label names the replica")
        .labelNames("replica")
        .callback(cb -> cb.call(1, String.valueOf(id)))
        .register(registry);
    GaugeWithCallback.builder()
        .name(LAST_EXECUTED)
        .help("The last consensus instance whose requests this replica executed (-1: none yet)")
        .callback(cb -> cb.call(source.lastExecutedConsensus()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(CHECKPOINT_NUMBER)
        .help("The number of this replica's latest checkpoint (the last consensus instance in it)")
        .callback(cb -> latest(source).ifPresent(t -> cb.call(t.seq())))
        .register(registry);
    GaugeWithCallback.builder()
        .name(CHECKPOINT_AGE)
        .help("Seconds since this replica took or installed its latest checkpoint (local clock)")
        .callback(cb -> latest(source).ifPresent(t -> cb.call(secondsSince(t.at(), clock))))
        .register(registry);
    GaugeWithCallback.builder()
        .name(STABLE_CHECKPOINT)
        .help("The latest checkpoint 2f + 1 replicas signed (number and root) as this one has it")
        .callback(cb -> source.latestStable().ifPresent(st -> cb.call(st.seq())))
        .register(registry);
    registry.register(checkpointRoots(source));
    CounterWithCallback.builder()
        .name(CHECKPOINTS_TAKEN)
        .help("Checkpoints this replica took for the ordering engine since it started")
        .callback(cb -> cb.call(source.checkpointTimes().taken()))
        .register(registry);
    CounterWithCallback.builder()
        .name(CHECKPOINT_SECONDS)
        .help("Seconds this replica's checkpoints took, added up (local monotonic clock)")
        .callback(cb -> cb.call(source.checkpointTimes().totalSeconds()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(LAST_CHECKPOINT_SECONDS)
        .help("Seconds this replica's latest checkpoint took (local monotonic clock)")
        .callback(
            cb -> {
              CheckpointTimes.Totals t = source.checkpointTimes();
              if (t.taken() > 0) {
                cb.call(t.lastSeconds());
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name(SCRUB_REPAIRED)
        .help("Objects the scrubber found corrupted in this replica's backend and repaired")
        .callback(cb -> cb.call(source.repairedByScrubber()))
        .register(registry);
    CounterWithCallback.builder()
        .name(RECOVERY_REPAIRED)
        .help("Objects this replica's proactive recoveries repaired from its peers")
        .callback(cb -> cb.call(recovery.repairedByRecoveries()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(PROACTIVE)
        .help("1 when this replica recovers proactively (a window of vulnerability is in force)")
        .callback(cb -> cb.call(recovery.proactive() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name(LAST_RECOVERY)
        .help("When this replica's last proactive recovery ended (Unix time, seconds)")
        .callback(cb -> recovery.lastRecovery().ifPresent(t -> cb.call(epochSeconds(t))))
        .register(registry);
    GaugeWithCallback.builder()
        .name(NEXT_RECOVERY)
        .help("When this replica's next proactive recovery is due (Unix time, seconds)")
        .callback(cb -> recovery.nextRecovery().ifPresent(t -> cb.call(epochSeconds(t))))
        .register(registry);
    GaugeWithCallback.builder()
        .name(WINDOW)
        .help("The window of vulnerability in force: seconds an object may stay corrupted")
        .callback(cb -> recovery.windowOfVulnerability().ifPresent(w -> cb.call(seconds(w))))
        .register(registry);
    CounterWithCallback.builder()
        .name(REPAIRED_IN_PLACE)
        .help("Times this replica's state diverged and was repaired in place from its peers'")
        .callback(cb -> cb.call(source.repairedInPlace()))
        .register(registry);
    CounterWithCallback.builder()
        .name(REFUSED)
        .help("Requests this replica refused to order (malformed, unsigned, unknown relay, clock)")
        .callback(cb -> cb.call(source.refusedRequests()))
        .register(registry);
  }

  /** One info data point per kept checkpoint: its number and full root digest. */
  private static Collector checkpointRoots(Source source) {
    return new Collector() {
      @Override
      public MetricSnapshot collect() {
        InfoSnapshot.Builder info =
            InfoSnapshot.builder()
                .name(CHECKPOINT)
                .help("The checkpoints this replica keeps: number and root digest (hex)");
        for (ReplicaCheckpoints.Taken t : source.keptCheckpoints()) {
          info.dataPoint(
              InfoSnapshot.InfoDataPointSnapshot.builder()
                  .labels(Labels.of("number", String.valueOf(t.seq()), "root", t.root().hex()))
                  .build());
        }
        return info.build();
      }

      @Override
      public String getPrometheusName() {
        return CHECKPOINT;
      }
    };
  }

  private static Optional<ReplicaCheckpoints.Taken> latest(Source source) {
    List<ReplicaCheckpoints.Taken> kept = source.keptCheckpoints();
    return kept.isEmpty() ? Optional.empty() : Optional.of(kept.get(kept.size() - 1));
  }

  private static double secondsSince(Instant then, Clock clock) {
    return Math.max(0, seconds(Duration.between(then, clock.instant())));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static double epochSeconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
