package org.bftnfs.backend.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.bftnfs.backend.BackendException;

/** Runs java.nio calls and turns their I/O failures into {@link BackendException}s. */
final class LocalIo {

  /** A java.nio call that may fail with an {@link IOException}. */
  @FunctionalInterface
  interface Call<T> {
    T call() throws IOException;
  }

  /** A java.nio call without a result. */
  @FunctionalInterface
  interface Action {
    void run() throws IOException;
  }

  private LocalIo() {}

  /**
   * The result of {@code call}; any I/O failure becomes a BackendException naming {@code
   * operation}, {@code path} and the cause.
   */
  static <T> T io(String operation, Path path, Call<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw failure(operation, path, e);
    } catch (DirectoryIteratorException e) {
      throw failure(operation, path, e.getCause());
    } catch (UncheckedIOException e) {
      throw failure(operation, path, e.getCause());
    }
  }

  /** Runs {@code action} like {@link #io(String, Path, Call)}. */
  static void run(String operation, Path path, Action action) {
    io(
        operation,
        path,
        () -> {
          action.run();
          return null;
        });
  }

  /** The BackendException for an I/O failure of {@code operation} on {@code path}. */
  static BackendException failure(String operation, Path path, IOException e) {
    return new BackendException(operation + " " + path + ": " + reason(e), e);
  }

  private static String reason(IOException e) {
    String what;
    if (e instanceof FileAlreadyExistsException) {
      what = "already exists";
    } else if (e instanceof NoSuchFileException) {
      what = "no such file or directory";
    } else if (e instanceof DirectoryNotEmptyException) {
      what = "directory not empty";
    } else if (e instanceof NotDirectoryException) {
      what = "not a directory";
    } else if (e instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      what = f.getReason();
    } else {
      what = String.valueOf(e.getMessage());
    }
    String other =
        e instanceof FileSystemException f && f.getOtherFile() != null
            ? " (other file " + f.getOtherFile() + ")"
            : "";
    return what + other + " [" + e.getClass().getSimpleName() + "]";
  }
}
