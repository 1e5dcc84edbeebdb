package org.bftnfs.backend.ganesha;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run one nfs-ganesha instance.
 *
 * @param exportDirectory the directory it serves (FSAL_VFS), an absolute path
 * @param nfsPort the NFS port, or 0 to pick a free one
 * @param mountPort the MOUNT port, or 0 to pick a free one
 * @param pseudoPath the path clients mount (NFSv3 MNT with {@code mount_path_pseudo})
 * @param exportId the export's id (inside every handle; unique per instance so that one instance
 *     never accepts another's handles), or 0 to use the NFS port number
 * @param startTimeout how long a start may take until a MNT succeeds
 */
public record GaneshaOptions(
    Path exportDirectory,
    int nfsPort,
    int mountPort,
    String pseudoPath,
    int exportId,
    Duration startTimeout) {

  /** The default bound of a start. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);

  /** The pseudo path used unless another is given. */
  public static final String DEFAULT_PSEUDO_PATH = "/export";

  public GaneshaOptions {
    Objects.requireNonNull(exportDirectory, "exportDirectory");
    Objects.requireNonNull(pseudoPath, "pseudoPath");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (!exportDirectory.isAbsolute()) {
      throw new IllegalArgumentException("export directory must be absolute: " + exportDirectory);
    }
    GaneshaConfigFile.checkQuotable(exportDirectory.toString());
    if (!pseudoPath.startsWith("/")) {
      throw new IllegalArgumentException("pseudo path must start with '/': " + pseudoPath);
    }
    GaneshaConfigFile.checkQuotable(pseudoPath);
    checkPort(nfsPort, "nfsPort");
    checkPort(mountPort, "mountPort");
    if (nfsPort != 0 && nfsPort == mountPort) {
      throw new IllegalArgumentException("NFS and MOUNT need different ports: " + nfsPort);
    }
    if (exportId < 0 || exportId > 65_535) {
      throw new IllegalArgumentException("export id out of range 1..65535: " + exportId);
    }
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("start timeout must be positive: " + startTimeout);
    }
  }

  /** Serve {@code exportDirectory} on free ports as {@value #DEFAULT_PSEUDO_PATH}. */
  public static GaneshaOptions of(Path exportDirectory) {
    return new GaneshaOptions(
        exportDirectory.toAbsolutePath(), 0, 0, DEFAULT_PSEUDO_PATH, 0, DEFAULT_START_TIMEOUT);
  }

  /** These options with the given ports. */
  public GaneshaOptions withPorts(int nfs, int mount) {
    return new GaneshaOptions(exportDirectory, nfs, mount, pseudoPath, exportId, startTimeout);
  }

  /** These options with another pseudo path. */
  public GaneshaOptions withPseudoPath(String path) {
    return new GaneshaOptions(exportDirectory, nfsPort, mountPort, path, exportId, startTimeout);
  }

  /** These options with another export id. */
  public GaneshaOptions withExportId(int id) {
    return new GaneshaOptions(exportDirectory, nfsPort, mountPort, pseudoPath, id, startTimeout);
  }

  /** These options with another start timeout. */
  public GaneshaOptions withStartTimeout(Duration timeout) {
    return new GaneshaOptions(exportDirectory, nfsPort, mountPort, pseudoPath, exportId, timeout);
  }

  /** True when the ports are picked at start. */
  boolean picksPorts() {
    return nfsPort == 0 || mountPort == 0;
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(what + " out of range 0..65535: " + port);
    }
  }
}
