package org.bftnfs.clusters;

import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.testkit.Prerequisite;

/**
 * The mixed clusters run nfs-ganesha on two replicas: where it cannot run, tests skip saying why,
 * or fail under CI ({@link Prerequisite}).
 */
final class Ganesha {

  private Ganesha() {}

  /**
   * Skips the test class (fails it under CI) unless nfs-ganesha, its VFS plugin and rpcbind are
   * installed and this runs as root.
   */
  static void assumeAvailable() {
    Prerequisite.require(
        GaneshaServer.available(),
        () ->
            "the mixed cluster needs nfs-ganesha (bin/test installs nfs-ganesha,"
                + " nfs-ganesha-vfs and rpcbind; run as root): "
                + GaneshaServer.unavailableReason().orElse(""));
  }
}
