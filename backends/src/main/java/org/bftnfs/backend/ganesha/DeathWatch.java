package org.bftnfs.backend.ganesha;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.bftnfs.backend.BackendException;

/**
 * Makes sure an nfs-ganesha daemon never outlives the JVM that started it: a small watcher process
 * ({@code /bin/sh}) waits on a pipe from this JVM; when the pipe closes — this JVM closed it, or
 * ended, even by SIGKILL, since the kernel then closes its descriptors — the watcher stops the
 * daemon (SIGTERM, SIGKILL after 3 s), if that PID is still an nfs-ganesha (never another process
 * that reused the number).
 *
 * <p>Without it, a replica killed with SIGKILL left its nfs-ganesha running, serving the replica's
 * export to nobody and holding its ports.
 */
final class DeathWatch implements AutoCloseable {

  /** $1: the daemon's PID. Reads stdin until EOF, then stops the daemon if it is still one. */
  private static final String SCRIPT =
      "pid=\"$1\"\n"
          + "ganesha() { case \"$(readlink /proc/$pid/exe 2>/dev/null)\" in *ganesha.nfsd*)"
          + " return 0;; esac; return 1; }\n"
          + "while read -r _; do :; done\n"
          + "ganesha || exit 0\n"
          + "kill -TERM \"$pid\" 2>/dev/null\n"
          + "i=0\n"
          + "while [ $i -lt 30 ] && ganesha; do sleep 0.1; i=$((i+1)); done\n"
          + "ganesha && kill -KILL \"$pid\" 2>/dev/null\n"
          + "exit 0\n";

  private final Process watcher;

  private DeathWatch(Process watcher) {
    this.watcher = watcher;
  }

  /** Starts watching {@code daemon} on behalf of this JVM. */
  static DeathWatch of(Process daemon) {
    try {
      Process watcher =
          new ProcessBuilder(
                  "/bin/sh", "-c", SCRIPT, "bftnfs-ganesha-watch", Long.toString(daemon.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new DeathWatch(watcher);
    } catch (IOException e) {
      throw new BackendException("cannot start the watcher of nfs-ganesha: " + e.getMessage(), e);
    }
  }

  /** The watcher's PID (for tests). */
  long pid() {
    return watcher.pid();
  }

  /**
   * Ends the watch: closes the pipe, so the watcher stops the daemon if it still runs (call after
   * the daemon was stopped), and waits up to 5 s for the watcher to exit.
   */
  @Override
  public void close() {
    try {
      watcher.getOutputStream().close();
      if (!watcher.waitFor(5, TimeUnit.SECONDS)) {
        watcher.destroyForcibly();
      }
    } catch (IOException e) {
      watcher.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      watcher.destroyForcibly();
    }
  }
}
