package org.bftnfs.bench.workload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.bftnfs.backend.Backend;

/**
 * One microbenchmark measurement: {@code n} clients, each on its own connection and thread, repeat
 * one operation back to back from a common start until the duration is over, timing every
 * operation. Each operation's result is checked (sizes, names found), so a wrong answer fails the
 * run instead of being timed.
 */
public final class MicroBenchmark {

  private static final byte[] TEMP = "tmp".getBytes(StandardCharsets.UTF_8);

  private final MicroFixture fixture;
  private final ExecutorService pool;
  private final byte[] small = MicroFixture.pattern(4096, 3);
  private final byte[] large = MicroFixture.pattern(65536, 5);

  /**
   * @param fixture the target's fixture
   * @param pool threads for the clients (at least as many as the most clients measured)
   */
  public MicroBenchmark(MicroFixture fixture, ExecutorService pool) {
    this.fixture = fixture;
    this.pool = pool;
  }

  /** Runs {@code op} with {@code clients} clients for {@code duration}. */
  public MicroResult run(MicroOp op, int clients, Duration duration)
      throws InterruptedException, ExecutionException {
    if (clients > fixture.clients()) {
      throw new IllegalArgumentException(
          clients + " clients, but the fixture has " + fixture.clients() + " connections");
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> runs = new ArrayList<>();
    long[] begin = new long[1];
    for (int c = 0; c < clients; c++) {
      int client = c;
      runs.add(pool.submit(() -> loop(op, client, start, begin, duration)));
    }
    begin[0] = System.nanoTime();
    start.countDown();
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : runs) {
      all.add(f.get());
    }
    long end = System.nanoTime();
    int n = all.stream().mapToInt(a -> (int) a[0]).sum();
    long[] latencies = new long[n];
    int at = 0;
    for (long[] a : all) {
      System.arraycopy(a, 1, latencies, at, (int) a[0]);
      at += (int) a[0];
    }
    return new MicroResult(n, (end - begin[0]) / 1e9, (long) n * bytesPerOp(op), latencies);
  }

  /** Runs until the deadline; returns {count, latency...}. */
  private long[] loop(MicroOp op, int client, CountDownLatch start, long[] begin, Duration d)
      throws InterruptedException {
    start.await();
    long deadline = begin[0] + d.toNanos();
    long[] out = new long[1024];
    int n = 0;
    Backend b = fixture.client(client);
    for (int k = 0; ; k++) {
      long t0 = System.nanoTime();
      if (t0 >= deadline) {
        break;
      }
      once(op, b, client, k);
      long t1 = System.nanoTime();
      if (n + 2 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[++n] = t1 - t0;
    }
    out[0] = n;
    return out;
  }

  private void once(MicroOp op, Backend b, int client, int k) {
    switch (op) {
      case GETATTR -> b.getattr(fixture.clientFile(client));
      case LOOKUP -> {
        int i = (client * 61 + k * 7) % MicroFixture.ENTRIES;
        if (b.lookup(fixture.bigDir(), fixture.name(i)).isEmpty()) {
          throw new IllegalStateException("LOOKUP: entry " + i + " not found");
        }
      }
      case READ_4K -> expect(b.read(fixture.data(), ((client * 37L + k) % 256) * 4096, 4096), 4096);
      case READ_64K ->
          expect(b.read(fixture.data(), ((client * 5L + k) % 16) * 65536, 65536), 65536);
      case WRITE_4K -> b.write(fixture.clientFile(client), (k % 64) * 4096L, small);
      case WRITE_64K -> b.write(fixture.clientFile(client), (k % 4) * 65536L, large);
      case CREATE_REMOVE -> {
        b.create(fixture.clientDir(client), TEMP, 0644);
        b.remove(fixture.clientDir(client), TEMP);
      }
      case READDIRPLUS -> {
        int entries = b.readdir(fixture.bigDir()).size();
        if (entries != MicroFixture.ENTRIES) {
          throw new IllegalStateException("READDIRPLUS: " + entries + " entries");
        }
      }
      default -> throw new IllegalArgumentException("unknown operation " + op);
    }
  }

  private static void expect(byte[] data, int length) {
    if (data.length != length) {
      throw new IllegalStateException("READ: " + data.length + " bytes instead of " + length);
    }
  }

  private static int bytesPerOp(MicroOp op) {
    return switch (op) {
      case READ_4K, WRITE_4K -> 4096;
      case READ_64K, WRITE_64K -> 65536;
      default -> 0;
    };
  }
}
