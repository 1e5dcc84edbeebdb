package org.bftnfs.bench.checkpoints;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.bftnfs.backend.Backend;
import org.bftnfs.bench.cluster.Jukebox;

/**
 * One client writing {@value #WRITE_BYTES} bytes at a time (FILE_SYNC: one ordered request each)
 * without pause, round-robin over {@value #FILES} files {@code w-0}, {@code w-1}, ... in the
 * export's root and over the blocks of each (its size given), timing every call (a call answered
 * JUKEBOX and retried counts once, with its retries). Runs on the caller's thread.
 */
final class TimedWrites {

  /** Bytes per WRITE. */
  static final int WRITE_BYTES = 4096;

  /** Files written. */
  static final int FILES = 4;

  private final Backend client;
  private final Jukebox jukebox;
  private final LongSupplier ticker;
  private final int blocks;
  private final byte[][] files = new byte[FILES][];
  private long written;

  /**
   * Creates the files.
   *
   * @param client a connection used by the caller's thread only
   * @param jukebox retries the WRITEs the service answers with JUKEBOX
   * @param ticker a monotonic clock in nanoseconds ({@code System::nanoTime})
   * @param fileBytes the size each file grows to, a multiple of {@value #WRITE_BYTES}
   */
  TimedWrites(Backend client, Jukebox jukebox, LongSupplier ticker, long fileBytes) {
    if (fileBytes < WRITE_BYTES || fileBytes % WRITE_BYTES != 0) {
      throw new IllegalArgumentException("not a whole number of blocks: " + fileBytes);
    }
    this.blocks = (int) (fileBytes / WRITE_BYTES);
    this.client = client;
    this.jukebox = jukebox;
    this.ticker = ticker;
    for (int f = 0; f < FILES; f++) {
      byte[] name = ("w-" + f).getBytes(StandardCharsets.UTF_8);
      files[f] = client.create(client.root(), name, 0644).handle();
    }
  }

  /**
   * Writes for {@code d} (the call under way when it ends is finished and counted).
   *
   * @return every call's latency
   */
  Latencies run(Duration d) {
    long[] nanos = new long[1024];
    int n = 0;
    byte[] data = new byte[WRITE_BYTES];
    long start = ticker.getAsLong();
    long end = start + d.toNanos();
    long now = start;
    while (n == 0 || now - end < 0) {
      long i = written++;
      byte[] file = files[(int) (i % FILES)];
      long offset = ((i / FILES) % blocks) * WRITE_BYTES;
      data[0] = (byte) i;
      data[1] = (byte) (i >>> 8);
      long t0 = ticker.getAsLong();
      jukebox.run(() -> client.write(file, offset, data));
      now = ticker.getAsLong();
      if (n == nanos.length) {
        nanos = Arrays.copyOf(nanos, n * 2);
      }
      nanos[n++] = now - t0;
    }
    return new Latencies(Arrays.copyOf(nanos, n), Duration.ofNanos(now - start));
  }
}
