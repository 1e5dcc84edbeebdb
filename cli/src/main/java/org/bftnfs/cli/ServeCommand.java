package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.relay.Relay;
import org.bftnfs.relay.RelayConfig;
import org.bftnfs.relay.RpcbindException;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.MonotonicAgreedTime;
import org.bftnfs.spec.service.SerialService;

/**
 * {@code bftnfs serve}: the relay over the in-process reference implementation, until stopped.
 *
 * <p>Prints exactly one {@code ready: URL} line once a client can mount, then waits for the stop
 * signal and shuts down in order (relay, service, executors).
 */
final class ServeCommand {

  private static final int WORKER_THREADS = 4;
  private static final int HEADER_ALLOWANCE = 64 << 10;

  private final ServeOptions options;
  private final PrintStream out;
  private final Clock clock;

  /**
   * @param options the parsed options
   * @param out where the note and the ready line go
   * @param clock the time source of the service
   */
  ServeCommand(ServeOptions options, PrintStream out, Clock clock) {
    this.options = options;
    this.out = out;
    this.clock = clock;
  }

  /**
   * Serves until {@code stop} fires.
   *
   * @return the exit code (0)
   * @throws UsageException when the data directory cannot be created or the port not bound
   */
  int run(StopSignal stop) throws UsageException, IOException, InterruptedException {
    SpecConfig spec = specConfig();
    RelayConfig relayConfig = relayConfig(spec);
    prepareDataDirectory();
    ExecutorService serviceThread = Executors.newSingleThreadExecutor(daemon("bftnfs-spec"));
    ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, daemon("bftnfs-work"));
    try (SerialService service =
        SerialService.reference(
            new AbstractSpec(spec), serviceThread, new MonotonicAgreedTime(clock))) {
      Relay relay = new Relay(relayConfig, service, spec.handles(), workers);
      start(relay, relayConfig);
      try {
        out.println(
            "note: state is held in memory (--data DIR is reserved for persistent backends);"
                + " it is lost when the server stops");
        out.println("ready: " + relay.url());
        out.flush();
        stop.await();
      } finally {
        relay.stop();
      }
    } finally {
      workers.shutdownNow();
      serviceThread.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
      serviceThread.awaitTermination(5, TimeUnit.SECONDS);
    }
    return 0;
  }

  private SpecConfig specConfig() throws UsageException {
    SpecConfig spec = SpecConfig.defaults().withRootSquash(options.rootSquash());
    if (options.capacity().isPresent()) {
      spec = spec.withCapacity(options.capacity().get());
    }
    return spec;
  }

  private RelayConfig relayConfig(SpecConfig spec) throws UsageException {
    try {
      return RelayConfig.defaults()
          .withBindAddress(options.bind())
          .withPorts(options.port(), options.mountPort().orElse(RelayConfig.SHARED_PORT))
          .withExportPath(options.export())
          .withRpcbindRegistration(options.rpcbind())
          .withMaxRecordSize(
              Math.max(RelayConfig.DEFAULT_MAX_RECORD_SIZE, spec.maxTransfer() + HEADER_ALLOWANCE));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
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

  private static void start(Relay relay, RelayConfig config) throws UsageException {
    String where = config.bindAddress() + ":" + config.nfsPort();
    try {
      relay.start();
    } catch (RpcbindException e) {
      throw new UsageException(e.getMessage() + " (is rpcbind running?)");
    } catch (BindException e) {
      if (!config.sharedMountPort()) {
        where = where + " or " + config.bindAddress() + ":" + config.mountPort();
      }
      throw new UsageException("cannot listen on " + where + ": address already in use");
    } catch (IOException | RuntimeException e) {
      throw new UsageException("cannot listen on " + where + ": " + describe(e));
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
