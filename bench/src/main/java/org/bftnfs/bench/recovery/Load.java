package org.bftnfs.bench.recovery;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bftnfs.backend.Backend;
import org.bftnfs.bench.cluster.Jukebox;

/**
 * A client workload run in the background while a replica recovers: one connection writing {@value
 * #WRITE_BYTES} bytes at a time (FILE_SYNC, an ordered request each) into its own file, round-robin
 * over its first MiB. It counts the calls answered; the first failed call (other than a JUKEBOX
 * retried) stops it and is kept.
 */
final class Load implements AutoCloseable {

  /** Bytes per WRITE. */
  static final int WRITE_BYTES = 4096;

  private static final int SLOTS = 256;
  private static final Duration STOP_WAIT = Duration.ofSeconds(150);

  private final Backend client;
  private final Jukebox jukebox;
  private final byte[] file;
  private final AtomicLong done = new AtomicLong();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean stopping;
  private final Thread thread;

  /**
   * Creates the load's file {@code name} in the export's root and starts writing.
   *
   * @param client a connection of its own (not shared with another thread)
   * @param jukebox retries the WRITEs the service answers with JUKEBOX
   */
  Load(Backend client, String name, Jukebox jukebox) {
    this.client = client;
    this.jukebox = jukebox;
    this.file =
        client
            .create(client.root(), name.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0644)
            .handle();
    this.thread = new Thread(this::loop, "bench-recovery-load");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    byte[] data = new byte[WRITE_BYTES];
    try {
      for (long i = 0; !stopping; i++) {
        data[0] = (byte) i;
        long offset = (i % SLOTS) * WRITE_BYTES;
        jukebox.run(() -> client.write(file, offset, data));
        done.incrementAndGet();
      }
    } catch (RuntimeException e) {
      failure.set(e);
    } finally {
      ended.countDown();
    }
  }

  /** Calls answered so far. */
  long done() {
    return done.get();
  }

  /**
   * Lets the load run for {@code d} (returns earlier when it failed).
   *
   * @throws IllegalStateException when a call failed
   */
  void runFor(Duration d) throws InterruptedException {
    ended.await(d.toNanos(), TimeUnit.NANOSECONDS);
    check();
  }

  /**
   * @throws IllegalStateException when a call failed
   */
  void check() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw new IllegalStateException("a client call of the load failed: " + e.getMessage(), e);
    }
  }

  /** Stops writing and waits (bounded) for the call under way. */
  @Override
  public void close() {
    stopping = true;
    try {
      if (!ended.await(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("the load's call did not end within " + STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
