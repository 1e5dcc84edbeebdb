package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.bftnfs.replication.ordering.OrderedApplication;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's in-process group: each replica over a {@link LogApplication} (kept in {@link #apps} for
 * the test to compare), the replicas (in {@link #replicas}; a test may stop one and put null, or
 * start one again), and the clients it connected; {@link #close} closes them all, clients first.
 * Registered as a JUnit extension ({@code @RegisterExtension}), it closes after each test.
 */
final class InProcessGroup implements AutoCloseable, AfterEachCallback {

  /** Each replica's log of what it executed, by replica id. */
  final LogApplication[] apps;

  /** The replicas, by id (null: not running). */
  final SmartReplica[] replicas;

  private final List<SmartClient> clients = new ArrayList<>();

  InProcessGroup(int n) {
    this.apps = new LogApplication[n];
    this.replicas = new SmartReplica[n];
  }

  /** Starts replica {@code id} over a fresh {@link LogApplication}. */
  SmartReplica start(OrderingConfig config, int id) {
    return start(config, id, log -> log);
  }

  /**
   * Starts replica {@code id} over the application {@code wrap} makes of a fresh {@link
   * LogApplication} (a fault a test injects at that replica).
   */
  SmartReplica start(
      OrderingConfig config, int id, Function<LogApplication, OrderedApplication> wrap) {
    return start(config, id, wrap, List.of());
  }

  /**
   * As above, with {@code faults} screening the messages replica {@code id} gets from its peers.
   */
  SmartReplica start(
      OrderingConfig config,
      int id,
      Function<LogApplication, OrderedApplication> wrap,
      List<InboundQueue.Screen> faults) {
    apps[id] = new LogApplication();
    replicas[id] = SmartReplica.start(config, id, wrap.apply(apps[id]), faults);
    return replicas[id];
  }

  /** A client of the group, closed with it. */
  SmartClient connect(OrderingConfig config, int clientId) {
    SmartClient c = SmartClient.connect(config, clientId);
    clients.add(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Closes every client, then every running replica; fails if any did not close. */
  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(clients);
    all.addAll(Arrays.asList(replicas));
    assertThat(TestSupport.closeAll(all.toArray(AutoCloseable[]::new))).isEmpty();
  }
}
