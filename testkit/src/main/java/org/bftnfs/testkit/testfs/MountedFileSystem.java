package org.bftnfs.testkit.testfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file system {@link TestFileSystems#mount mounted} for a test. {@link #close()} unmounts it
 * (lazily, as a last resort, when it is busy) and removes the mount point and the image file.
 */
public final class MountedFileSystem implements AutoCloseable {

  private final FileSystemKind kind;
  private final Path directory;
  private final Path image;
  private boolean closed;

  MountedFileSystem(FileSystemKind kind, Path directory, Path image) {
    this.kind = kind;
    this.directory = directory;
    this.image = image;
  }

  /** The file system's kind. */
  public FileSystemKind kind() {
    return kind;
  }

  /** The mount point: the root of the fresh file system. */
  public Path directory() {
    return directory;
  }

  @Override
  public String toString() {
    return kind.type() + " at " + directory;
  }

  /**
   * Unmounts and removes the mount point and image.
   *
   * @throws IOException when unmounting failed (after a lazy unmount was tried) or removal failed
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    cleanUp(directory, image);
  }

  /** Unmounts {@code dir} if it is mounted, then deletes it and {@code image} (may be null). */
  static void cleanUp(Path dir, Path image) throws IOException {
    try {
      if (TestFileSystems.isMountPoint(dir)) {
        unmount(dir);
      }
      Files.deleteIfExists(dir);
    } finally {
      if (image != null) {
        Files.deleteIfExists(image);
      }
    }
  }

  private static void unmount(Path dir) throws IOException {
    try {
      BoundedCommand.succeed(
          TestFileSystems.COMMAND_LIMIT, TestFileSystems.tool("umount"), dir.toString());
    } catch (IOException busy) {
      try {
        BoundedCommand.succeed(
            TestFileSystems.COMMAND_LIMIT, TestFileSystems.tool("umount"), "-l", dir.toString());
      } catch (IOException lazy) {
        busy.addSuppressed(lazy);
      } catch (InterruptedException lazy) {
        Thread.currentThread().interrupt();
        busy.addSuppressed(lazy);
      }
      throw busy;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException("interrupted unmounting " + dir);
      ie.initCause(e);
      throw ie;
    }
  }
}
