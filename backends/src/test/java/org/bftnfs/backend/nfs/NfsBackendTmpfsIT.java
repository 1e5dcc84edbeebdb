package org.bftnfs.backend.nfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link NfsBackendContract} with nfs-ganesha serving directories of a tmpfs this class mounts on a
 * temporary directory (and unmounts afterwards): the same backend over a second file system.
 * Skipped with the reason (failed under CI) when tmpfs cannot be mounted here (not root, no mount
 * permission).
 */
class NfsBackendTmpfsIT extends NfsBackendContract {

  private final StringBuilder whyNot = new StringBuilder();
  private TmpfsMount mount;

  @Override
  Path prepareFileSystem() throws IOException {
    Optional<TmpfsMount> mounted = TmpfsMount.tryMount(whyNot);
    mount = mounted.orElse(null);
    return mount == null ? null : mount.directory();
  }

  @Override
  String unavailable() {
    return whyNot.toString();
  }

  @Override
  void releaseFileSystem() throws IOException {
    mount.close();
  }
}
