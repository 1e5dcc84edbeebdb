package org.bftnfs.backend.nfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link NfsBackendContract} with nfs-ganesha serving directories of the default temporary
 * directory's file system (ext4 on the machines this project runs on).
 */
class NfsBackendIT extends NfsBackendContract {

  private Path root;

  @Override
  Path prepareFileSystem() throws IOException {
    root = Files.createTempDirectory("bftnfs-nfs-disk-");
    return root;
  }

  @Override
  String unavailable() {
    return "the temporary directory is always available";
  }

  @Override
  void releaseFileSystem() throws IOException {
    Files.delete(root);
  }
}
