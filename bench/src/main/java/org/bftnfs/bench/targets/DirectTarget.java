package org.bftnfs.bench.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.backend.nfs.NfsEndpoint;
import org.bftnfs.bench.BenchException;

/** The baseline: one nfs-ganesha/VFS export started by this process, spoken to directly. */
final class DirectTarget implements Target {

  private final GaneshaServer server;
  private final Duration callTimeout;

  private DirectTarget(GaneshaServer server, Duration callTimeout) {
    this.server = server;
    this.callTimeout = callTimeout;
  }

  /** Starts nfs-ganesha exporting {@code dir/export}. */
  static DirectTarget start(Path dir, Duration callTimeout) throws BenchException {
    try {
      Path export = Files.createDirectories(dir.resolve("export"));
      return new DirectTarget(GaneshaServer.start(export), callTimeout);
    } catch (IOException e) {
      throw new BenchException("cannot prepare " + dir + ": " + e.getMessage(), e);
    } catch (BackendException e) {
      throw new BenchException("direct: nfs-ganesha did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public TargetKind kind() {
    return TargetKind.DIRECT;
  }

  @Override
  public NfsEndpoint endpoint() {
    return server.endpoint().withTimeout(callTimeout);
  }

  @Override
  public List<ProcessRole> processes() {
    Optional<ProcessHandle> h = ProcessHandle.of(server.pid());
    return h.filter(ProcessHandle::isAlive)
        .map(p -> List.of(new ProcessRole(p, ProcessRole.GANESHA)))
        .orElse(List.of());
  }

  @Override
  public void close() {
    server.close();
  }
}
