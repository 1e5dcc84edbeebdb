package org.bftnfs.bench.recovery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.bftnfs.backend.Backend;
import org.bftnfs.bench.cluster.Jukebox;

/**
 * The file system a recovery bench measures: {@code files} files of {@code fileBytes} bytes each in
 * the export's root, named {@code f-00000}, {@code f-00001}, ..., written through the service
 * (never into a replica's export directly) in calls of up to {@value #CALL_BYTES} bytes. Each
 * file's data is pseudo-random, a function of the file's index and its version (how often it was
 * rewritten), so no two files hold the same bytes. Also a small {@code tick} file, written to make
 * the ordering engine pass a checkpoint.
 */
final class FileSet {

  /** Bytes per WRITE call of the client (which splits it at the server's wtmax). */
  static final int CALL_BYTES = 4 << 20;

  /** The size of the tick file. */
  static final int TICK_BYTES = 8;

  private final Backend client;
  private final int files;
  private final long fileBytes;
  private final byte[][] handles;
  private final int[] versions;
  private final Jukebox jukebox;
  private byte[] tick;
  private long ticks;

  /**
   * @param jukebox retries the WRITEs the service answers with JUKEBOX
   */
  FileSet(Backend client, int files, long fileBytes, Jukebox jukebox) {
    this.client = client;
    this.jukebox = jukebox;
    this.files = files;
    this.fileBytes = fileBytes;
    this.handles = new byte[files][];
    this.versions = new int[files];
  }

  /** The name of file {@code i} in the export's root (and in a local backend's export). */
  static String name(int i) {
    return String.format("f-%05d", i);
  }

  int files() {
    return files;
  }

  long fileBytes() {
    return fileBytes;
  }

  /**
   * Creates every file and the tick file and writes them; reports every tenth of the way.
   *
   * @return the bytes written
   */
  long fill(Consumer<String> progress) {
    tick = client.create(client.root(), bytes("tick"), 0644).handle();
    client.write(tick, 0, new byte[TICK_BYTES]);
    long written = 0;
    int step = Math.max(1, files / 10);
    for (int i = 0; i < files; i++) {
      handles[i] = client.create(client.root(), bytes(name(i)), 0644).handle();
      written += writeAll(i);
      if ((i + 1) % step == 0 || i + 1 == files) {
        progress.accept("filled " + (i + 1) + "/" + files + " files (" + (written >> 20) + " MiB)");
      }
    }
    return written;
  }

  /**
   * Rewrites all of each file in {@code which} with new data (its next version).
   *
   * @return the bytes written
   */
  long rewrite(List<Integer> which) {
    long written = 0;
    for (int i : which) {
      versions[i]++;
      written += writeAll(i);
    }
    return written;
  }

  /**
   * Writes the tick file {@code count} times (one ordered request each, each changing it), so that
   * the ordering engine passes at least one checkpoint when {@code count} is at least its period.
   */
  void tick(int count) {
    for (int i = 0; i < count; i++) {
      ticks++;
      byte[] b = new byte[TICK_BYTES];
      for (int k = 0; k < TICK_BYTES; k++) {
        b[k] = (byte) (ticks >>> (8 * k));
      }
      jukebox.run(() -> client.write(tick, 0, b));
    }
  }

  private long writeAll(int i) {
    SplittableRandom random = new SplittableRandom(((long) i << 20) ^ versions[i]);
    long at = 0;
    while (at < fileBytes) {
      byte[] chunk = new byte[(int) Math.min(CALL_BYTES, fileBytes - at)];
      random.nextBytes(chunk);
      long offset = at;
      jukebox.run(() -> client.write(handles[i], offset, chunk));
      at += chunk.length;
    }
    return fileBytes;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
