package org.bftnfs.clusters;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.bftnfs.wrapper.backend.ganesha.GaneshaServer;

/**
 * The mixed clusters run nfs-ganesha on two replicas: tests skip, saying why, where it cannot run.
 */
final class Ganesha {

  private Ganesha() {}

  /** Skips the test class unless nfs-ganesha, its VFS plugin and rpcbind are installed (root). */
  static void assumeAvailable() {
    assumeTrue(
        GaneshaServer.available(),
        () ->
            "SKIPPED: the mixed cluster needs nfs-ganesha (bin/test installs nfs-ganesha,"
                + " nfs-ganesha-vfs and rpcbind; run as root): "
                + GaneshaServer.unavailableReason().orElse(""));
  }
}
