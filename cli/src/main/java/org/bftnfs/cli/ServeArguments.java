package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bftnfs.replication.config.ClusterConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bftnfs serve [options]}: the options of {@link ServeCommand} as picocli parses them.
 * Values arrive as typed (null when absent) and are checked by {@link #options()}, so that every
 * message names the option and the value; then the command runs until stopped.
 */
@Command(
    name = "serve",
    description =
        "Serves an unreplicated NFSv3 export (in memory, a local directory or nfs-ganesha) until"
            + " stopped.")
final class ServeArguments implements Callable<Integer> {

  @Option(
      names = "--backend",
      paramLabel = "B",
      completionCandidates = BackendNames.class,
      description = {
        "what holds the file system (default spec):",
        "  spec     the reference implementation, in memory",
        "  local    a local directory, DIR/export (wrapper)",
        "  ganesha  nfs-ganesha/VFS on DIR/export (wrapper)"
      })
  String backend;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "NFS (and MOUNT) TCP port, 0 picks a free one (default 2049)")
  String port;

  @Option(
      names = "--mount-port",
      paramLabel = "M",
      description = "serve MOUNT on its own port (default: the NFS port)")
  String mountPort;

  @Option(names = "--bind", paramLabel = "ADDR", description = "listen address (default 127.0.0.1)")
  String bind;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "data directory, created if missing (needed by local and ganesha)")
  String data;

  @Option(names = "--export", paramLabel = "PATH", description = "exported path (default /bftnfs)")
  String export;

  @Option(names = "--root-squash", description = "treat uid 0 as the anonymous user")
  boolean rootSquash;

  @Option(
      names = "--capacity",
      paramLabel = "N",
      description = "most files and directories the file system holds")
  String capacity;

  @Option(
      names = "--rpcbind",
      description = "register with the running rpcbind (clients then need no ports)")
  boolean rpcbind;

  @Option(
      names = "--logical-clock",
      description = "timestamps from a counter, not the clock (deterministic replies)")
  boolean logicalClock;

  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;
  private final StopSignal stop;

  /**
   * @param out where the note and the ready line go
   * @param err where warnings go
   * @param clock the time source of the service (unless {@code --logical-clock})
   * @param stop what the server runs until
   */
  ServeArguments(PrintStream out, PrintStream err, Clock clock, StopSignal stop) {
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.stop = stop;
  }

  /**
   * The checked options.
   *
   * @throws UsageException for a bad value, or a persistent backend without {@code --data}
   */
  ServeOptions options() throws UsageException {
    ClusterConfig.Backend kind =
        backend == null ? ClusterConfig.Backend.SPEC : ServeOptions.parseBackend(backend);
    Optional<Path> dir =
        data == null
            ? Optional.empty()
            : Optional.of(Path.of(ServeOptions.nonEmpty("--data", data)));
    if (kind.persistent() && dir.isEmpty()) {
      throw new UsageException(
          "--backend " + kind.optionValue() + " needs --data DIR (where the files are kept)");
    }
    return new ServeOptions(
        port == null ? ServeOptions.DEFAULT_PORT : ServeOptions.port("--port", port),
        mountPort == null
            ? Optional.empty()
            : Optional.of(ServeOptions.port("--mount-port", mountPort)),
        bind == null ? "127.0.0.1" : ServeOptions.nonEmpty("--bind", bind),
        dir,
        export == null ? "/bftnfs" : ServeOptions.exportPath(export),
        rootSquash,
        capacity == null
            ? Optional.empty()
            : Optional.of(ServeOptions.positive("--capacity", capacity)),
        rpcbind,
        kind,
        logicalClock);
  }

  /** Serves until stopped; returns the exit code (0). */
  @Override
  public Integer call()
      throws UsageException, CommandFailedException, IOException, InterruptedException {
    return new ServeCommand(options(), out, err, clock).run(stop);
  }

  /** The values of {@code --backend}, for shell completion. */
  static final class BackendNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(ClusterConfig.Backend.values())
          .map(ClusterConfig.Backend::optionValue)
          .iterator();
    }
  }
}
