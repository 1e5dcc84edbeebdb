package org.bftnfs.backend.ganesha;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * <b>Test only</b>: a JVM that starts one nfs-ganesha on a fresh directory, prints {@code pid N}
 * (the daemon's PID) and waits to be killed — a stand-in for a replica process that is SIGKILLed
 * ({@link GaneshaOrphanIT}). Waits at most 5 minutes, then stops the daemon and exits.
 */
public final class GaneshaChild {

  private GaneshaChild() {}

  public static void main(String[] args) throws Exception {
    Path export = Files.createTempDirectory("bftnfs-ganesha-child-");
    try (GaneshaServer ganesha = GaneshaServer.start(export)) {
      System.out.println("pid " + ganesha.pid());
      System.out.flush();
      Thread.sleep(300_000); // the test kills this JVM long before
    }
  }
}
