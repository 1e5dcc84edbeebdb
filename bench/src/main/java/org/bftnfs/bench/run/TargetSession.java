package org.bftnfs.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.nfs.NfsBackend;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.targets.Target;
import org.bftnfs.bench.workload.CountingBackend;
import org.bftnfs.bench.workload.MicroBenchmark;
import org.bftnfs.bench.workload.MicroFixture;

/**
 * A started target with the benchmark's connections to it: one client for the Andrew workload and
 * the sequential file, and one connection per concurrent microbenchmark client.
 */
final class TargetSession implements AutoCloseable {

  private final Target target;
  private final CountingBackend client;
  private final List<Backend> microClients = new ArrayList<>();
  private MicroBenchmark micro;

  private TargetSession(Target target, CountingBackend client) {
    this.target = target;
    this.client = client;
  }

  /** Mounts the target's export once. */
  static TargetSession open(Target target) throws BenchException {
    try {
      return new TargetSession(target, new CountingBackend(NfsBackend.open(target.endpoint())));
    } catch (BackendException e) {
      throw new BenchException(target.kind().label() + ": cannot mount: " + e.getMessage(), e);
    }
  }

  Target target() {
    return target;
  }

  String name() {
    return target.kind().label();
  }

  CountingBackend client() {
    return client;
  }

  /** Opens {@code clients} more connections and makes the microbenchmark fixture with them. */
  void prepareMicro(int clients, ExecutorService pool) throws BenchException, InterruptedException {
    try {
      for (int i = 0; i < clients; i++) {
        microClients.add(NfsBackend.open(target.endpoint()));
      }
      micro = new MicroBenchmark(MicroFixture.create(microClients, pool), pool);
    } catch (BackendException e) {
      throw new BenchException(name() + ": micro fixture: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new BenchException(name() + ": micro fixture: " + e.getCause(), e.getCause());
    }
  }

  MicroBenchmark micro() {
    return micro;
  }

  /** Closes the connections (the target itself is closed by its owner). */
  @Override
  public void close() {
    for (Backend b : microClients) {
      b.close();
    }
    client.close();
  }
}
