package org.bftnfs.backend.local;

import java.io.IOException;
import java.nio.file.Path;
import org.bftnfs.testkit.testfs.FileSystemKind;
import org.bftnfs.testkit.testfs.MountedFileSystem;
import org.bftnfs.testkit.testfs.TestFileSystems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalDirectoryBackendContract} on the file system of the JVM's temporary directory and on
 * each file system {@link TestFileSystems} can mount (tmpfs, ext4, xfs, btrfs); a file system that
 * cannot be mounted here is skipped with the reason (a failure under CI).
 */
class LocalDirectoryBackendTest {

  @Nested
  class OnTemporaryDirectory extends LocalDirectoryBackendContract {
    private Path dir;

    @BeforeAll
    void useTemporaryDirectory(@TempDir Path tmp) {
      dir = tmp;
    }

    @Override
    protected Path fileSystem() {
      return dir;
    }
  }

  @Nested
  class OnTmpfs extends OnMountedFileSystem {
    @Override
    FileSystemKind kind() {
      return FileSystemKind.TMPFS;
    }
  }

  @Nested
  class OnExt4 extends OnMountedFileSystem {
    @Override
    FileSystemKind kind() {
      return FileSystemKind.EXT4;
    }
  }

  @Nested
  class OnXfs extends OnMountedFileSystem {
    @Override
    FileSystemKind kind() {
      return FileSystemKind.XFS;
    }
  }

  @Nested
  class OnBtrfs extends OnMountedFileSystem {
    @Override
    FileSystemKind kind() {
      return FileSystemKind.BTRFS;
    }
  }

  /** The contract on a fresh file system of {@link #kind()}, mounted for the whole class. */
  abstract static class OnMountedFileSystem extends LocalDirectoryBackendContract {
    private MountedFileSystem fs;

    abstract FileSystemKind kind();

    @BeforeAll
    void mount(@TempDir Path parent) throws InterruptedException {
      fs = TestFileSystems.mountOrAbort(kind(), parent);
    }

    @AfterAll
    void unmount() throws IOException {
      if (fs != null) {
        fs.close();
      }
    }

    @Override
    protected Path fileSystem() {
      return fs.directory();
    }
  }
}
