package org.bftnfs.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.bftnfs.replication.config.ClusterConfig;

/**
 * The options of {@code bftnfs serve}, checked ({@link ServeArguments} parses them), and the checks
 * of their values.
 *
 * @param port NFS port ({@code 0} picks a free one)
 * @param mountPort MOUNT port; empty to share the NFS port
 * @param bind address to listen on
 * @param data data directory, created if missing; empty when not given
 * @param export exported path
 * @param rootSquash map uid 0 to the anonymous user
 * @param capacity number of objects the file system holds; empty for the specification default
 * @param rpcbind register NFS and MOUNT with the host's running rpcbind
 * @param backend the implementation of the specification behind the relay
 * @param logicalClock use a deterministic counter as the agreed time instead of the local clock
 */
record ServeOptions(
    int port,
    Optional<Integer> mountPort,
    String bind,
    Optional<Path> data,
    String export,
    boolean rootSquash,
    Optional<Integer> capacity,
    boolean rpcbind,
    ClusterConfig.Backend backend,
    boolean logicalClock) {

  /** The NFS port used when {@code --port} is not given. */
  static final int DEFAULT_PORT = 2049;

  /** {@code value} of option {@code name} as a port number (0 to 65535). */
  static int port(String name, String value) throws UsageException {
    int p = integer(name, value);
    if (p < 0 || p > 65535) {
      throw new UsageException(name + " must be between 0 and 65535, got " + value);
    }
    return p;
  }

  /** {@code value} of option {@code name} as a number above 0. */
  static int positive(String name, String value) throws UsageException {
    int n = integer(name, value);
    if (n < 1) {
      throw new UsageException(name + " must be positive, got " + value);
    }
    return n;
  }

  private static int integer(String name, String value) throws UsageException {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number, got '" + value + "'");
    }
  }

  /** {@code value} of option {@code name}, which must not be blank. */
  static String nonEmpty(String name, String value) throws UsageException {
    if (value.isBlank()) {
      throw new UsageException(name + " needs a value");
    }
    return value;
  }

  /** {@code value} of {@code --export}, which must be an absolute path. */
  static String exportPath(String value) throws UsageException {
    if (!value.startsWith("/")) {
      throw new UsageException("--export must be an absolute path, got '" + value + "'");
    }
    return value;
  }

  /**
   * The kind named {@code value} on the command line.
   *
   * @throws UsageException for an unknown name
   */
  static ClusterConfig.Backend parseBackend(String value) throws UsageException {
    for (ClusterConfig.Backend kind : ClusterConfig.Backend.values()) {
      if (kind.optionValue().equals(value)) {
        return kind;
      }
    }
    throw new UsageException(
        "--backend must be one of "
            + java.util.Arrays.stream(ClusterConfig.Backend.values())
                .map(ClusterConfig.Backend::optionValue)
                .collect(java.util.stream.Collectors.joining(", "))
            + ", got '"
            + value
            + "'");
  }
}
