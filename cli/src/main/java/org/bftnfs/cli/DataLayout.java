package org.bftnfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a persistent backend keeps in {@code --data DIR}: the directory the backend holds the files
 * in ({@code DIR/export}) and the conformance rep saved at a clean shutdown ({@code
 * DIR/conformance-rep}).
 *
 * @param dir the data directory, absolute
 */
record DataLayout(Path dir) {

  /** The layout of {@code dir}, as an absolute path. */
  static DataLayout of(Path dir) {
    return new DataLayout(dir.toAbsolutePath().normalize());
  }

  /** The directory the backend serves. */
  Path export() {
    return dir.resolve("export");
  }

  /** Where the conformance rep is saved at shutdown and read at start. */
  Path rep() {
    return dir.resolve("conformance-rep");
  }

  /**
   * Creates the export directory if it is missing.
   *
   * @throws UsageException when it cannot be created
   */
  DataLayout prepare() throws UsageException {
    Path export = export();
    try {
      if (!Files.isDirectory(export)) {
        Files.createDirectories(export);
      }
    } catch (IOException e) {
      throw new UsageException("cannot create " + export + ": " + e.getMessage());
    }
    return this;
  }
}
