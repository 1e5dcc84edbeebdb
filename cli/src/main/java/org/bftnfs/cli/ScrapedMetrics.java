package org.bftnfs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code bftnfs status} read from one replica's metrics endpoint ({@link ReplicaMetrics}),
 * typed. A scrape is bounded in time and size; what is not in the expected form is refused with a
 * one-line reason, never taken half.
 *
 * @param replica the replica id the endpoint says it serves
 * @param lastExecuted the last consensus instance it executed (-1: none)
 * @param checkpoint its latest checkpoint's number (empty before its first)
 * @param checkpointAgeSeconds seconds since it took or installed that checkpoint
 * @param roots the checkpoints it keeps: number to root digest (hex)
 * @param repairedByScrubber objects its scrubber repaired
 * @param repairedByRecoveries objects its recoveries repaired
 * @param proactive whether it recovers proactively
 * @param lastRecovery when its last recovery ended (Unix seconds), if any
 * @param nextRecovery when its next recovery is due (Unix seconds), if any
 * @param windowSeconds the window of vulnerability in force, if any
 * @param refused requests it refused to order
 * @param stable the latest checkpoint it knows stable (2f + 1 replicas signed it), if any
 * @param repairedInPlace times its state diverged and was repaired in place
 */
record ScrapedMetrics(
    int replica,
    long lastExecuted,
    Optional<Long> checkpoint,
    Optional<Double> checkpointAgeSeconds,
    SortedMap<Long, String> roots,
    long repairedByScrubber,
    long repairedByRecoveries,
    boolean proactive,
    Optional<Double> lastRecovery,
    Optional<Double> nextRecovery,
    Optional<Double> windowSeconds,
    long refused,
    Optional<Long> stable,
    long repairedInPlace) {

  /** The largest metrics page read (a replica's is a few KiB). */
  static final int MAX_BYTES = 1 << 20;

  ScrapedMetrics {
    roots = Collections.unmodifiableSortedMap(new TreeMap<>(roots));
  }

  /** The endpoint of a replica's metrics. */
  static URI uri(String host, int port) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port + "/metrics");
  }

  /**
   * Starts reading {@code uri}: completes with the page's text, or exceptionally (connection
   * refused, timeout after {@code timeout}, a status other than 200, a page over {@value
   * #MAX_BYTES} bytes).
   */
  static CompletableFuture<String> fetch(HttpClient http, URI uri, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(
            response -> {
              try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                  throw new IOException("HTTP status " + response.statusCode());
                }
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                  throw new IOException("a page larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
              }
            });
  }

  /** The bftnfs metrics in {@code text}. */
  static ScrapedMetrics parse(String text) throws MetricsText.Malformed {
    List<MetricsText.Sample> samples = MetricsText.parse(text);
    Map<String, MetricsText.Sample> single = new TreeMap<>();
    SortedMap<Long, String> roots = new TreeMap<>();
    for (MetricsText.Sample s : samples) {
      if (s.name().equals(ReplicaMetrics.CHECKPOINT + "_info")) {
        String number = s.labels().get("number");
        String root = s.labels().get("root");
        if (number == null || root == null || !root.matches("[0-9a-f]{64}")) {
          throw new MetricsText.Malformed("bad " + s.name() + " labels " + s.labels());
        }
        try {
          roots.put(Long.parseLong(number), root);
        } catch (NumberFormatException e) {
          throw new MetricsText.Malformed("bad checkpoint number " + number);
        }
      } else if (s.name().startsWith("bftnfs_") && single.put(s.name(), s) != null) {
        throw new MetricsText.Malformed(s.name() + " twice");
      }
    }
    MetricsText.Sample up = required(single, ReplicaMetrics.UP);
    String id = up.labels().get("replica");
    if (id == null || !id.matches("[0-9]{1,9}") || up.value() != 1) {
      throw new MetricsText.Malformed("bad " + ReplicaMetrics.UP + " " + up.labels());
    }
    return new ScrapedMetrics(
        Integer.parseInt(id),
        whole(required(single, ReplicaMetrics.LAST_EXECUTED)),
        optional(single, ReplicaMetrics.CHECKPOINT_NUMBER).map(s -> (long) s.value()),
        optional(single, ReplicaMetrics.CHECKPOINT_AGE).map(MetricsText.Sample::value),
        roots,
        whole(required(single, ReplicaMetrics.SCRUB_REPAIRED + "_total")),
        whole(required(single, ReplicaMetrics.RECOVERY_REPAIRED + "_total")),
        required(single, ReplicaMetrics.PROACTIVE).value() == 1,
        optional(single, ReplicaMetrics.LAST_RECOVERY).map(MetricsText.Sample::value),
        optional(single, ReplicaMetrics.NEXT_RECOVERY).map(MetricsText.Sample::value),
        optional(single, ReplicaMetrics.WINDOW).map(MetricsText.Sample::value),
        whole(required(single, ReplicaMetrics.REFUSED + "_total")),
        optional(single, ReplicaMetrics.STABLE_CHECKPOINT).map(s -> (long) s.value()),
        whole(required(single, ReplicaMetrics.REPAIRED_IN_PLACE + "_total")));
  }

  /** The latest checkpoint's root digest, if it has one. */
  Optional<String> latestRoot() {
    return checkpoint.map(roots::get);
  }

  private static MetricsText.Sample required(Map<String, MetricsText.Sample> m, String name)
      throws MetricsText.Malformed {
    MetricsText.Sample s = m.get(name);
    if (s == null) {
      throw new MetricsText.Malformed("no " + name + " (not a bftnfs replica's metrics?)");
    }
    return s;
  }

  private static Optional<MetricsText.Sample> optional(
      Map<String, MetricsText.Sample> m, String name) {
    return Optional.ofNullable(m.get(name));
  }

  private static long whole(MetricsText.Sample s) throws MetricsText.Malformed {
    double v = s.value();
    if (Double.isNaN(v) || Double.isInfinite(v) || v != Math.rint(v)) {
      throw new MetricsText.Malformed(s.name() + " is not a whole number: " + v);
    }
    return (long) v;
  }
}
