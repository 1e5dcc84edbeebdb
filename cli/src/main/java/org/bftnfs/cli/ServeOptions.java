package org.bftnfs.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bftnfs.replication.config.ClusterConfig;

/**
 * The options of {@code bftnfs serve}.
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

  private static final List<String> FLAGS =
      List.of("--root-squash", "--rpcbind", "--logical-clock");
  private static final List<String> WITH_VALUE =
      List.of("--port", "--mount-port", "--bind", "--data", "--export", "--capacity", "--backend");

  /** The NFS port used when {@code --port} is not given. */
  static final int DEFAULT_PORT = 2049;

  /** The usage text of {@code serve}. */
  static final String USAGE =
      "bftnfs serve [--backend spec|local|ganesha] [--port P] [--mount-port M] [--bind ADDR]\n"
          + "             [--data DIR] [--export PATH] [--root-squash] [--capacity N] [--rpcbind]\n"
          + "             [--logical-clock]\n"
          + "  --backend B      what holds the file system (default spec):\n"
          + "                     spec     the reference implementation, in memory\n"
          + "                     local    a local directory, DIR/export (conformance wrapper)\n"
          + "                     ganesha  nfs-ganesha/VFS serving DIR/export (conformance wrapper)\n"
          + "  --port P         NFS (and MOUNT) TCP port, 0 picks a free one (default 2049)\n"
          + "  --mount-port M   serve MOUNT on its own port (default: the NFS port)\n"
          + "  --bind ADDR      listen address (default 127.0.0.1)\n"
          + "  --data DIR       data directory, created if missing (needed by local and ganesha)\n"
          + "  --export PATH    exported path (default /bftnfs)\n"
          + "  --root-squash    treat uid 0 as the anonymous user\n"
          + "  --capacity N     most files and directories the file system holds\n"
          + "  --rpcbind        register with the running rpcbind (clients then need no ports)\n"
          + "  --logical-clock  timestamps from a counter, not the clock (deterministic replies)";

  /**
   * Parses the arguments after {@code serve}. Options take their value as the next argument or
   * after {@code =}.
   *
   * @throws UsageException for an unknown option, a missing or bad value
   */
  static ServeOptions parse(List<String> args) throws UsageException {
    int port = DEFAULT_PORT;
    Optional<Integer> mountPort = Optional.empty();
    String bind = "127.0.0.1";
    Optional<Path> data = Optional.empty();
    String export = "/bftnfs";
    boolean rootSquash = false;
    Optional<Integer> capacity = Optional.empty();
    boolean rpcbind = false;
    ClusterConfig.Backend backend = ClusterConfig.Backend.SPEC;
    boolean logicalClock = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      if (FLAGS.contains(name)) {
        if (inline != null) {
          throw new UsageException(name + " takes no value");
        }
        rootSquash |= name.equals("--root-squash");
        rpcbind |= name.equals("--rpcbind");
        logicalClock |= name.equals("--logical-clock");
        continue;
      }
      if (!WITH_VALUE.contains(name)) {
        throw new UsageException("unknown option '" + arg + "' (see 'bftnfs help')");
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(name + " needs a value");
        }
        value = args.get(++i);
      }
      switch (name) {
        case "--port" -> port = port(name, value);
        case "--mount-port" -> mountPort = Optional.of(port(name, value));
        case "--bind" -> bind = nonEmpty(name, value);
        case "--data" -> data = Optional.of(Path.of(nonEmpty(name, value)));
        case "--export" -> export = exportPath(value);
        case "--backend" -> backend = parseBackend(value);
        default -> capacity = Optional.of(positive(name, value));
      }
    }
    if (backend.persistent() && data.isEmpty()) {
      throw new UsageException(
          "--backend " + backend.optionValue() + " needs --data DIR (where the files are kept)");
    }
    return new ServeOptions(
        port, mountPort, bind, data, export, rootSquash, capacity, rpcbind, backend, logicalClock);
  }

  private static int port(String name, String value) throws UsageException {
    int p = integer(name, value);
    if (p < 0 || p > 65535) {
      throw new UsageException(name + " must be between 0 and 65535, got " + value);
    }
    return p;
  }

  private static int positive(String name, String value) throws UsageException {
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

  private static String nonEmpty(String name, String value) throws UsageException {
    if (value.isBlank()) {
      throw new UsageException(name + " needs a value");
    }
    return value;
  }

  private static String exportPath(String value) throws UsageException {
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
