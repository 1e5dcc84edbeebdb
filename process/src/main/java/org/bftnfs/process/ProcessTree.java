package org.bftnfs.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kills processes by PID and waits for them, each wait bounded. */
public final class ProcessTree {

  private ProcessTree() {}

  /** {@code root} and every process it started (transitively) that runs now. */
  public static List<ProcessHandle> withDescendants(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root);
    all.addAll(root.descendants().toList());
    return all;
  }

  /**
   * Sends SIGKILL to each of {@code handles} that still runs (by PID; a handle also knows its start
   * time, so a PID used again by another process is never hit), then waits at most {@code wait} for
   * each to be gone.
   *
   * @return those still alive after their wait (empty unless a process cannot die, e.g. one stuck
   *     in the kernel)
   */
  public static List<ProcessHandle> killAll(Collection<ProcessHandle> handles, Duration wait)
      throws InterruptedException {
    for (ProcessHandle h : handles) {
      h.destroyForcibly();
    }
    List<ProcessHandle> survivors = new ArrayList<>();
    for (ProcessHandle h : handles) {
      if (!awaitExit(h, wait)) {
        survivors.add(h);
      }
    }
    return survivors;
  }

  /**
   * Waits at most {@code wait} for {@code h} to exit.
   *
   * @return true when it is gone
   */
  static boolean awaitExit(ProcessHandle h, Duration wait) throws InterruptedException {
    try {
      h.onExit().get(wait.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return !h.isAlive();
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for the exit of pid " + h.pid() + " failed", e);
    }
  }
}
