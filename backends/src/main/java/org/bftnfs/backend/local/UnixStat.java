package org.bftnfs.backend.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.bftnfs.backend.Backend.Attributes;
import org.bftnfs.backend.Backend.Kind;

/**
 * {@code lstat} through java.nio's "unix" attribute view: the object itself, never a symbolic
 * link's target.
 */
final class UnixStat {

  private static final String ATTRIBUTES = "unix:mode,nlink,uid,gid,size,dev,ino";
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  private UnixStat() {}

  /** The attributes of the object at {@code path} (which must exist). */
  static Attributes lstat(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    return new Attributes(
        kindOf(mode),
        mode & 07777,
        (Integer) a.get("nlink"),
        (Integer) a.get("uid"),
        (Integer) a.get("gid"),
        (Long) a.get("size"),
        (Long) a.get("dev"),
        (Long) a.get("ino"));
  }

  /** The attributes of the object at {@code path}, or empty when nothing is there. */
  static Optional<Attributes> lstatIfExists(Path path) throws IOException {
    try {
      return Optional.of(lstat(path));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    }
  }

  /** The object kind of a {@code st_mode}. */
  static Kind kindOf(int mode) {
    return switch (mode & S_IFMT) {
      case S_IFREG -> Kind.FILE;
      case S_IFDIR -> Kind.DIRECTORY;
      case S_IFLNK -> Kind.SYMLINK;
      default -> Kind.OTHER;
    };
  }
}
