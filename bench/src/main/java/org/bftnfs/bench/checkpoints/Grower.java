package org.bftnfs.bench.checkpoints;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.cluster.BenchCluster;
import org.bftnfs.bench.cluster.Jukebox;

/**
 * Grows the service's file system through the relay: empty files {@code d-DDD/f-NNNNNN}, {@value
 * #PER_DIRECTORY} to a directory (so that no directory's abstract object grows with the file
 * system), each created by one CREATE (one ordered request), by several concurrent clients — each
 * its own connection and thread, taking the next file to create from a shared counter.
 */
final class Grower {

  /** Files per directory. */
  static final int PER_DIRECTORY = 1000;

  private final BenchCluster cluster;
  private final Backend client;
  private final int clients;
  private final Jukebox jukebox;
  private final List<byte[]> directories = new ArrayList<>();
  private int files;

  /**
   * @param client the connection that creates the directories (used by the caller's thread only)
   * @param clients concurrent connections that create the files
   */
  Grower(BenchCluster cluster, Backend client, int clients, Jukebox jukebox) {
    this.cluster = cluster;
    this.client = client;
    this.clients = clients;
    this.jukebox = jukebox;
  }

  /** The directory of file {@code i}. */
  static String directory(int i) {
    return String.format(Locale.ROOT, "d-%03d", i / PER_DIRECTORY);
  }

  /** The name of file {@code i} in its directory. */
  static String name(int i) {
    return String.format(Locale.ROOT, "f-%06d", i);
  }

  /** Files created so far. */
  int files() {
    return files;
  }

  /** Directories created so far. */
  int directories() {
    return directories.size();
  }

  /**
   * Creates files until there are {@code target}, reporting every tenth of the way; the bound of
   * the whole is a second per file (far above the rate of one client).
   *
   * @return how long it took
   * @throws BenchException when a CREATE failed or the bound passed
   */
  Duration growTo(int target, Consumer<String> progress)
      throws BenchException, InterruptedException {
    long t0 = System.nanoTime();
    int from = files;
    int count = target - from;
    if (count <= 0) {
      return Duration.ZERO;
    }
    while (directories.size() * PER_DIRECTORY < target) {
      String dir = directory(directories.size() * PER_DIRECTORY);
      byte[] name = dir.getBytes(StandardCharsets.UTF_8);
      try {
        directories.add(client.mkdir(client.root(), name, 0755).handle());
      } catch (BackendException e) {
        throw new BenchException("cannot create directory " + dir + ": " + e.getMessage(), e);
      }
    }
    AtomicInteger next = new AtomicInteger(from);
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    int step = Math.max(1, count / 10);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int k = 0; k < clients; k++) {
        pool.execute(
            () -> {
              try (Creator creator = new Creator(cluster.mount())) {
                for (int i = next.getAndIncrement();
                    i < target && failure.get() == null;
                    i = next.getAndIncrement()) {
                  creator.create(i);
                  int d = done.incrementAndGet();
                  if (d % step == 0 || d == count) {
                    progress.accept(
                        String.format(
                            Locale.ROOT,
                            "created %d/%d files (%.0f files/s)",
                            from + d,
                            target,
                            d / ((System.nanoTime() - t0) / 1e9)));
                  }
                }
              } catch (BenchException | RuntimeException e) {
                failure.compareAndSet(null, e);
              }
            });
      }
      pool.shutdown();
      Duration bound = Duration.ofSeconds(60L + count);
      if (!pool.awaitTermination(bound.toNanos(), TimeUnit.NANOSECONDS)) {
        failure.compareAndSet(null, new IllegalStateException("not done within " + bound));
      }
    } finally {
      pool.shutdownNow();
    }
    Exception e = failure.get();
    if (e != null) {
      throw new BenchException("creating the files failed: " + e.getMessage(), e);
    }
    files = target;
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** One client's connection, creating files. */
  private final class Creator implements AutoCloseable {
    private final Backend own;

    Creator(Backend own) {
      this.own = own;
    }

    void create(int i) {
      byte[] dir = directories.get(i / PER_DIRECTORY);
      byte[] name = name(i).getBytes(StandardCharsets.UTF_8);
      jukebox.runCreate(() -> own.create(dir, name, 0644));
    }

    @Override
    public void close() {
      own.close();
    }
  }
}
