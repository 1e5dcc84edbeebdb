package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.relay.Relay;
import org.bftnfs.relay.RelayConfig;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.AgreedTimeSource;
import org.bftnfs.spec.service.LogicalAgreedTime;
import org.bftnfs.spec.service.MonotonicAgreedTime;
import org.bftnfs.spec.service.SerialService;

/**
 * {@code bftnfs serve}: the relay over one unreplicated implementation of the specification (the
 * in-memory reference, or a conformance wrapper over a local directory or nfs-ganesha), until
 * stopped.
 *
 * <p>Prints a {@code note:} line saying where the state lives and exactly one {@code ready: URL}
 * line once a client can mount, then waits for the stop signal and shuts down in order: relay,
 * service (calls already queued still run, bounded), then the implementation (which saves the
 * conformance rep of a persistent backend and stops its nfs-ganesha).
 */
final class ServeCommand {

  private static final int WORKER_THREADS = 4;
  private static final long DRAIN_TIMEOUT_S = 10;

  private final ServeOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  /**
   * @param options the parsed options
   * @param out where the note and the ready line go
   * @param err where warnings go
   * @param clock the time source of the service (unless {@code --logical-clock})
   */
  ServeCommand(ServeOptions options, PrintStream out, PrintStream err, Clock clock) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /**
   * Serves until {@code stop} fires.
   *
   * @return the exit code (0)
   * @throws UsageException when the data directory cannot be created, the port not bound, the
   *     backend is not installed or its export cannot be taken over
   * @throws CommandFailedException when the backend fails to start or its state cannot be saved
   */
  int run(StopSignal stop)
      throws UsageException, CommandFailedException, IOException, InterruptedException {
    SpecConfig spec = specConfig();
    RelayConfig relayConfig = relayConfig(spec);
    prepareDataDirectory();
    Store fs = open(spec);
    ExecutorService serviceThread =
        Executors.newSingleThreadExecutor(RelayStartup.daemon("bftnfs-spec"));
    ExecutorService workers =
        Executors.newFixedThreadPool(WORKER_THREADS, RelayStartup.daemon("bftnfs-work"));
    Throwable failure = null;
    try {
      serve(fs, spec, relayConfig, stop, serviceThread, workers);
    } catch (Throwable t) {
      failure = t;
      throw t;
    } finally {
      boolean quiescent = stopExecutors(serviceThread, workers);
      if (failure == null) {
        fs.close(quiescent);
      } else {
        closeAfterFailure(fs, quiescent, failure);
      }
    }
    return 0;
  }

  private Store open(SpecConfig spec) throws UsageException, CommandFailedException {
    DataLayout layout =
        options.backend().persistent()
            ? DataLayout.of(options.data().orElseThrow()).prepare()
            : DataLayout.of(Path.of("."));
    Optional<String> ganeshaProblem =
        options.backend() == ClusterConfig.Backend.GANESHA
            ? GaneshaServer.unavailableReason()
            : Optional.empty();
    return Stores.open(
        options.backend(), layout, spec, ganeshaProblem, Stores.UnknownExport.REFUSE);
  }

  /** Runs the relay over {@code fs} until {@code stop} fires. */
  private void serve(
      Store fs,
      SpecConfig spec,
      RelayConfig config,
      StopSignal stop,
      ExecutorService serviceThread,
      ExecutorService workers)
      throws UsageException, InterruptedException {
    try (SerialService service = new SerialService(fs.machine(), serviceThread, agreedTime())) {
      Relay relay = new Relay(config, service, spec.handles(), workers);
      RelayStartup.start(relay, config);
      try {
        out.println("note: " + fs.note());
        out.println("ready: " + relay.url());
        out.flush();
        stop.await();
      } finally {
        relay.stop();
      }
    }
  }

  /**
   * Stops the relay's workers and lets the calls already handed to the implementation run to the
   * end (bounded): an interrupted backend call would leave the backend and the conformance rep
   * apart.
   *
   * @return true when no call is running or queued any more
   */
  private static boolean stopExecutors(ExecutorService serviceThread, ExecutorService workers) {
    workers.shutdownNow();
    serviceThread.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
      if (serviceThread.awaitTermination(DRAIN_TIMEOUT_S, TimeUnit.SECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    serviceThread.shutdownNow();
    return false;
  }

  /**
   * The handle epoch of this start: 0 when the backend keeps its objects across restarts (old
   * handles stay valid) or under {@code --logical-clock} (byte-identical replies across servers);
   * otherwise, for the in-memory export, a non-zero value from this start's wall-clock time, so
   * that handles of an earlier run are {@code NFS3ERR_STALE} instead of naming new objects.
   */
  private int handleEpoch() {
    if (options.backend().persistent() || options.logicalClock()) {
      return 0;
    }
    long millis = clock.millis();
    int epoch = (int) (millis ^ (millis >>> 32));
    return epoch == 0 ? 1 : epoch;
  }

  private AgreedTimeSource agreedTime() {
    return options.logicalClock() ? new LogicalAgreedTime() : new MonotonicAgreedTime(clock);
  }

  /**
   * Stops {@code fs} after {@code failure}, which is what gets reported; a problem stopping it is
   * printed as a warning line.
   */
  private void closeAfterFailure(Store fs, boolean quiescent, Throwable failure) {
    try {
      fs.close(quiescent);
    } catch (CommandFailedException e) {
      err.println("warning: " + e.getMessage());
      failure.addSuppressed(e);
    }
  }

  private SpecConfig specConfig() throws UsageException {
    SpecConfig spec =
        SpecConfig.defaults().withRootSquash(options.rootSquash()).withHandleEpoch(handleEpoch());
    if (options.capacity().isPresent()) {
      spec = spec.withCapacity(options.capacity().get());
    }
    return spec;
  }

  private RelayConfig relayConfig(SpecConfig spec) throws UsageException {
    return RelayStartup.config(
        options.bind(),
        options.port(),
        options.mountPort().orElse(RelayConfig.SHARED_PORT),
        options.export(),
        options.rpcbind(),
        spec);
  }

  private void prepareDataDirectory() throws UsageException {
    if (options.data().isEmpty()) {
      return;
    }
    Path dir = options.data().get();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UsageException("cannot create data directory " + dir + ": " + e.getMessage());
    }
  }
}
