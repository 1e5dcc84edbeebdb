package org.bftnfs.bench.checkpoints;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.cluster.BenchCluster;

/**
 * Follows the replicas' checkpoints over an interval: reads every replica's metrics at {@link
 * #start} and at {@link #stop} (both must be readable), and in between every {@link #POLL} on a
 * background thread, so that each checkpoint's own duration is seen ({@link CheckpointTally}).
 */
final class CheckpointWatch {

  /** How often the replicas' metrics are read during the interval. */
  static final Duration POLL = Duration.ofMillis(150);

  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final BenchCluster cluster;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CheckpointTally tally = new CheckpointTally(BenchCluster.REPLICAS);
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private Thread thread;

  CheckpointWatch(BenchCluster cluster) {
    this.cluster = cluster;
  }

  /** Reads every replica's baseline, then starts polling. */
  void start() throws BenchException, InterruptedException {
    readAll(true);
    thread = new Thread(this::poll, "bench-checkpoint-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops polling, reads every replica once more, and returns the interval's checkpoints. */
  CheckpointTally.Checkpoints stop() throws BenchException, InterruptedException {
    stopping.countDown();
    if (!ended.await(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new BenchException("the checkpoint watch did not stop within " + STOP_WAIT);
    }
    if (failure.get() != null) {
      throw new BenchException(
          "reading the replicas' checkpoints failed: " + failure.get().getMessage(), failure.get());
    }
    readAll(true);
    synchronized (tally) {
      return tally.result();
    }
  }

  private void poll() {
    try {
      while (!stopping.await(POLL.toNanos(), TimeUnit.NANOSECONDS)) {
        readAll(false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (BenchException | RuntimeException e) {
      failure.set(e instanceof RuntimeException r ? r : new IllegalStateException(e));
    } finally {
      ended.countDown();
    }
  }

  /** Reads every replica; a replica that cannot be read is an error only when {@code required}. */
  private void readAll(boolean required) throws BenchException, InterruptedException {
    for (int i = 0; i < BenchCluster.REPLICAS; i++) {
      Optional<CheckpointTally.Reading> r =
          cluster.metrics(http, i).flatMap(CheckpointTally.Reading::parse);
      if (r.isEmpty()) {
        if (required) {
          throw new BenchException(
              "replica "
                  + i
                  + "'s metrics give no "
                  + CheckpointTally.TAKEN
                  + " (is it down, or built without checkpoint times?)");
        }
        continue;
      }
      synchronized (tally) {
        tally.add(i, r.get());
      }
    }
  }
}
