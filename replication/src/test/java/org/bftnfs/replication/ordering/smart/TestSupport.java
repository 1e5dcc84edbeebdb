package org.bftnfs.replication.ordering.smart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.ordering.OrderingClient.Invocation;

/** Calls, polling and process checks shared by the ordering ITs. */
final class TestSupport {

  /** Matching replies a caller waits for with n = 4, f = 1. */
  static final int QUORUM = 3;

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private TestSupport() {}

  /** One invocation answered by {@link #QUORUM} matching replies; returns the reply. */
  static byte[] call(OrderingClient client, byte[] request, boolean unordered) {
    return invoke(client, request, unordered).result().join();
  }

  /** One ordered invocation answered by a quorum; returns which replicas had replied by then. */
  static BitSet ordered(OrderingClient client, byte[] request) {
    return invoke(client, request, false).repliedBy();
  }

  private static MatchingReplies invoke(OrderingClient client, byte[] request, boolean unordered) {
    MatchingReplies replies = new MatchingReplies(QUORUM);
    Invocation invocation = client.invoke(request, unordered, replies);
    try {
      replies.result().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return replies;
    } catch (Exception e) {
      throw new IllegalStateException("no quorum of replies, replied: " + replies.repliedBy(), e);
    } finally {
      invocation.cancel();
    }
  }

  /** Evaluates {@code condition} every 50 ms until it holds or {@code timeout} passed. */
  static boolean poll(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Closes every non-null resource, even when some fail; returns the failures (a test asserts the
   * list is empty).
   */
  static List<Exception> closeAll(AutoCloseable... resources) {
    List<Exception> failures = new ArrayList<>();
    for (AutoCloseable c : resources) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        failures.add(e);
      }
    }
    return failures;
  }

  static long millisSince(long nanoTime) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
  }

  /** Names in {@code dir}. */
  static Set<String> listing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Live non-daemon threads that are not in {@code before}. */
  static List<Thread> newThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
        .collect(Collectors.toList());
  }
}
