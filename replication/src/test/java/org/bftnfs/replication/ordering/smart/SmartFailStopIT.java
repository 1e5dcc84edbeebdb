package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.millisSince;
import static org.bftnfs.replication.ordering.smart.TestSupport.newThreads;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group of four started replica by replica, with a client connecting before the last one is up,
 * that loses a replica whose application fails (it stops itself) and keeps serving.
 *
 * <p>The last replica must come up before any request is ordered: BFT-SMaRt puts a MAC for every
 * replica into each ACCEPT and cannot make one for a replica it has never exchanged keys with (its
 * acceptor waits for that key), so a group orders nothing until every replica has been reachable
 * once since each replica started.
 */
class SmartFailStopIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path keys;

  private int sequence;

  @Test
  void startsReplicaByReplicaAndSurvivesAFailingApplication() throws Exception {
    Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
    OrderingConfig config = TestGroup.create(keys, 4, Duration.ofSeconds(2), 20);
    byte[] poison = "poison".getBytes(StandardCharsets.UTF_8);
    LogApplication[] logs = new LogApplication[4];
    List<SmartReplica> replicas = new ArrayList<>();
    SmartClient client = null;
    try {
      long t0 = System.nanoTime();
      for (int id = 0; id < 3; id++) {
        FaultyApplication app = new FaultyApplication(id == 1 ? poison : new byte[] {-1});
        logs[id] = app.log();
        replicas.add(SmartReplica.start(config, id, app));
      }
      client = SmartClient.connect(config, 2001);
      System.out.printf("3 of 4 replicas started, client ready: %d ms%n", millisSince(t0));
      logs[3] = new LogApplication();
      replicas.add(SmartReplica.start(config, 3, logs[3]));
      SmartClient c = client;
      assertThat(poll(TIMEOUT, () -> ordered(c, next()).get(3))).as("replica 3 answers").isTrue();
      System.out.printf("replica 3 started and answering: %d ms%n", millisSince(t0));
      for (int i = 0; i < 50; i++) {
        ordered(client, next());
      }
      assertThat(converged(logs, 0, 1, 2, 3)).isTrue();

      BitSet poisoned = ordered(client, poison);
      ReplicaPorts ports1 = new ReplicaPorts(config.replicas().get(1));
      assertThat(poll(TIMEOUT, ports1::free)).as("failed replica 1 released its ports").isTrue();
      for (int i = 0; i < 20; i++) {
        ordered(client, next());
      }
      System.out.printf("poisoned request answered by %s; replica 1 stopped itself%n", poisoned);
      assertThat(converged(logs, 0, 2, 3)).isTrue();
      assertThat(logs[1].size()).isLessThan(logs[0].size());
    } finally {
      List<RuntimeException> failures = new ArrayList<>();
      if (client != null) {
        client.close();
      }
      for (SmartReplica r : replicas) {
        try {
          r.close();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      assertThat(failures).isEmpty();
    }
    assertThat(poll(Duration.ofSeconds(30), () -> newThreads(threadsBefore).isEmpty()))
        .as("threads ended: %s", newThreads(threadsBefore))
        .isTrue();
  }

  private byte[] next() {
    return ("partial-" + ++sequence).getBytes(StandardCharsets.UTF_8);
  }

  private static boolean converged(LogApplication[] logs, int... ids) {
    return poll(
        TIMEOUT,
        () ->
            Arrays.stream(ids)
                .allMatch(id -> Arrays.equals(logs[id].chain(), logs[ids[0]].chain())));
  }
}
