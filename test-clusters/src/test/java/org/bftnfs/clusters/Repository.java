package org.bftnfs.clusters;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository (and its {@code bin/bftnfs}) is, seen from the test's working directory. */
final class Repository {

  private Repository() {}

  /**
   * The nearest directory above the working directory with an executable {@code bin/bftnfs}, and
   * the packaged command line in {@code cli/target}.
   *
   * @throws IllegalStateException if there is none, or cli is not packaged
   */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("bin/bftnfs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no bin/bftnfs above " + Path.of("").toAbsolutePath());
    }
    if (!Files.isDirectory(dir.resolve("cli/target/lib"))) {
      throw new IllegalStateException(
          dir.resolve("cli/target/lib")
              + " is missing: build with 'mvn -pl test-clusters -am verify' so that cli is packaged");
    }
    return dir;
  }
}
