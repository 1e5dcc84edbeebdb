package org.bftnfs.backend.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bftnfs.backend.Backend.Attributes;
import org.bftnfs.backend.Backend.Kind;
import org.bftnfs.backend.BackendException;

/**
 * Turns handles into paths below the root, verifying every component against the disk: each
 * directory on the way must be a real directory (never a symbolic link) with the inode number the
 * {@link InodeTable} expects, and the object itself must have the handle's inode number. So the
 * kernel's own path walk only ever passes through directories just checked, and a symbolic link is
 * never followed (as long as nobody else changes the directory at the same moment).
 */
final class Resolver {

  /** A handle resolved to the path of one of its entries and the object's current attributes. */
  record Resolved(LocalHandle handle, Path path, Attributes attributes) {

    /** The entry {@code name} in this directory. */
    Path child(byte[] name) {
      return path.resolve(RawPaths.fileName(name));
    }
  }

  private final Path root;
  private final InodeTable table;

  Resolver(Path root, InodeTable table) {
    this.root = root;
    this.table = table;
  }

  /**
   * The object of {@code handle}.
   *
   * @throws BackendException "stale local handle" when no existing object has the handle
   */
  Resolved resolve(byte[] handle) {
    LocalHandle h = LocalHandle.parse(handle);
    if (table.isRoot(h)) {
      Attributes a = LocalIo.io("getattr", root, () -> UnixStat.lstat(root));
      if (a.fileid() != h.ino() || a.kind() != Kind.DIRECTORY) {
        throw new BackendException("the root directory " + root + " was replaced");
      }
      return new Resolved(h, root, a);
    }
    List<String> failures = new ArrayList<>();
    for (Link link : table.links(h)) {
      Optional<Path> dir = directory(link.parent(), failures);
      if (dir.isEmpty()) {
        continue;
      }
      Path path = dir.get().resolve(RawPaths.fileName(link.name()));
      Optional<Attributes> a = LocalIo.io("lstat", path, () -> UnixStat.lstatIfExists(path));
      if (a.isPresent() && a.get().fileid() == h.ino()) {
        return new Resolved(h, path, a.get());
      }
      failures.add(path + (a.isEmpty() ? " is gone" : " is ino " + a.get().fileid()));
    }
    throw new BackendException(
        "stale local handle ("
            + h
            + "): no entry names it any more (changed outside the backend?): "
            + failures);
  }

  /**
   * The directory of {@code handle}.
   *
   * @throws BackendException when it is stale or not a directory
   */
  Resolved directory(byte[] handle, String operation) {
    Resolved r = resolve(handle);
    if (r.attributes().kind() != Kind.DIRECTORY) {
      throw new BackendException(
          operation + " " + r.path() + ": not a directory but " + r.attributes().kind());
    }
    return r;
  }

  /**
   * The object of {@code handle}, which must be of {@code kind}.
   *
   * @throws BackendException when it is stale or of another kind
   */
  Resolved ofKind(byte[] handle, Kind kind, String operation) {
    Resolved r = resolve(handle);
    if (r.attributes().kind() != kind) {
      throw new BackendException(
          operation + " " + r.path() + ": " + r.attributes().kind() + " instead of " + kind);
    }
    return r;
  }

  /** The verified path of the known directory {@code dirIno}, or empty (with the reason noted). */
  private Optional<Path> directory(long dirIno, List<String> failures) {
    Path path = root;
    for (Link step : table.chainToDirectory(dirIno)) {
      path = path.resolve(RawPaths.fileName(step.name()));
      Path at = path;
      Optional<Attributes> a = LocalIo.io("lstat", at, () -> UnixStat.lstatIfExists(at));
      long expected = table.owner(step).orElseThrow();
      if (a.isEmpty() || a.get().kind() != Kind.DIRECTORY || a.get().fileid() != expected) {
        failures.add(
            at
                + (a.isEmpty() ? " is gone" : " is " + a.get().kind() + " ino " + a.get().fileid())
                + " instead of directory ino "
                + expected);
        return Optional.empty();
      }
    }
    return Optional.of(path);
  }
}
