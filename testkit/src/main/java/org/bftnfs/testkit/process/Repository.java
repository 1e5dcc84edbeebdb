package org.bftnfs.testkit.process;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository (and its {@code bin/bftnfs}) is, seen from the test's working directory. */
public final class Repository {

  private Repository() {}

  /**
   * The nearest directory above the working directory with an executable {@code bin/bftnfs}, and
   * the packaged command line in {@code cli/target}.
   *
   * @throws IllegalStateException if there is none, or cli is not packaged
   */
  public static Path root() {
    Path dir = checkout();
    if (!Files.isDirectory(dir.resolve("cli/target/lib"))) {
      throw new IllegalStateException(
          dir.resolve("cli/target/lib")
              + " is missing: build with 'mvn verify' (or '-pl <module> -am') so that cli is"
              + " packaged");
    }
    return dir;
  }

  /**
   * The nearest directory above the working directory with an executable {@code bin/bftnfs},
   * packaged or not: for what runs {@code bin/bftnfs} without its jar (its {@code BFTNFS_DRY_RUN=1}
   * mode), e.g. a unit test, which runs before cli is packaged.
   *
   * @throws IllegalStateException if there is none
   */
  public static Path checkout() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("bin/bftnfs"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no bin/bftnfs above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
