package org.bftnfs.bench.cluster;

import java.util.concurrent.atomic.AtomicLong;
import org.bftnfs.backend.BackendException;

/**
 * Retries a client call the service answered with {@code NFS3ERR_JUKEBOX} ("try again later": the
 * relay gave up waiting for the replicas' replies), as an NFS client does, at most {@value
 * #ATTEMPTS} times; counts the retries so that the report can show them. Only idempotent calls are
 * retried (a WRITE of the same bytes at the same offset), and CREATEs ({@link #runCreate}).
 */
public final class Jukebox {

  /** Attempts of one call before its JUKEBOX is a failure. */
  public static final int ATTEMPTS = 10;

  private final AtomicLong retries = new AtomicLong();

  /** Runs {@code call}, again after each JUKEBOX answer (at most {@value #ATTEMPTS} times). */
  public void run(Runnable call) {
    run(call, false);
  }

  /**
   * Runs a CREATE {@code call} as {@link #run} does. A CREATE answered JUKEBOX may still have been
   * executed (the relay gave up waiting, the replicas did not), so its retry may find the file it
   * created: {@code NFS3ERR_EXIST} after a JUKEBOX means the file is there, and the call is done.
   */
  public void runCreate(Runnable call) {
    run(call, true);
  }

  private void run(Runnable call, boolean create) {
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        return;
      } catch (BackendException e) {
        if (create && attempt > 1 && isExists(e)) {
          return;
        }
        if (!isJukebox(e) || attempt >= ATTEMPTS) {
          throw e;
        }
        retries.incrementAndGet();
      }
    }
  }

  /** JUKEBOX answers retried so far. */
  public long retries() {
    return retries.get();
  }

  public static boolean isJukebox(BackendException e) {
    return e.getMessage() != null && e.getMessage().contains("NFS3ERR_JUKEBOX");
  }

  private static boolean isExists(BackendException e) {
    return e.getMessage() != null && e.getMessage().contains("NFS3ERR_EXIST");
  }
}
