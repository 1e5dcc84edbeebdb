package org.bftnfs.backend.nfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes what tests created below a directory (symbolic links are removed, never followed). */
final class TreeRemoval {

  private TreeRemoval() {}

  /** Removes everything below {@code dir}, keeping {@code dir} itself. */
  static void removeContent(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      if (!p.equals(dir)) {
        Files.delete(p);
      }
    }
  }
}
