package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.QUORUM;
import static org.bftnfs.replication.ordering.smart.TestSupport.call;
import static org.bftnfs.replication.ordering.smart.TestSupport.listing;
import static org.bftnfs.replication.ordering.smart.TestSupport.millisSince;
import static org.bftnfs.replication.ordering.smart.TestSupport.newThreads;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.ordering.OrderingClient.Invocation;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four replicas (f = 1) of a deterministic toy application on loopback, in this JVM, through one
 * life: concurrent ordered requests from two clients, read-only requests, agreed timestamps, a dead
 * follower, its restart and catch-up by state transfer, and the leader's death. The steps run in
 * order on one group; each prints what it measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmartClusterIT {

  private static final int N = 4;
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final int CHECKPOINT_PERIOD = 50;
  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path keys;

  private OrderingConfig config;
  private final LogApplication[] apps = new LogApplication[N];
  private final SmartReplica[] replicas = new SmartReplica[N];
  private SmartClient one;
  private SmartClient two;
  private Set<Thread> threadsBefore;
  private Set<String> workingDirectoryBefore;
  private final AtomicInteger sequence = new AtomicInteger();

  @BeforeAll
  void startGroup() throws IOException {
    threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
    workingDirectoryBefore = listing(Path.of(""));
    config = TestGroup.create(keys, N, LEADER_TIMEOUT, CHECKPOINT_PERIOD);
    long t0 = System.nanoTime();
    for (int id = 0; id < N; id++) {
      apps[id] = new LogApplication();
      replicas[id] = SmartReplica.start(config, id, apps[id]);
    }
    one = SmartClient.connect(config, 1001);
    two = SmartClient.connect(config, 1002);
    System.out.printf("group of %d started, two clients warmed up: %d ms%n", N, millisSince(t0));
  }

  @AfterAll
  void stopGroup() throws InterruptedException {
    List<RuntimeException> failures = new ArrayList<>();
    for (AutoCloseable c : new AutoCloseable[] {one, two}) {
      closeCollecting(c, failures);
    }
    for (SmartReplica r : replicas) {
      closeCollecting(r, failures);
    }
    assertThat(failures).isEmpty();
    for (int id = 0; id < N; id++) {
      assertThat(new ReplicaPorts(config.replicas().get(id)).free())
          .as("ports of replica %d free", id)
          .isTrue();
    }
    assertThat(listing(Path.of(""))).as("working directory").isEqualTo(workingDirectoryBefore);
    long t0 = System.nanoTime();
    boolean quiet = poll(Duration.ofSeconds(30), () -> leftoverThreads().isEmpty());
    System.out.printf(
        "threads after close: %s (%d ms)%n",
        leftoverThreads().stream().map(Thread::getName).toList(), millisSince(t0));
    assertThat(quiet).as("all engine threads ended: %s", leftoverThreads()).isTrue();
  }

  @Test
  @Order(1)
  void concurrentOrderedRequestsFromTwoClientsAreAnsweredByAQuorumAndAgree() throws Exception {
    int perClient = 1000;
    long t0 = System.nanoTime();
    CompletableFuture<Void> a = CompletableFuture.runAsync(() -> pipeline(one, perClient, 16));
    CompletableFuture<Void> b = CompletableFuture.runAsync(() -> pipeline(two, perClient, 16));
    CompletableFuture.allOf(a, b).get(120, TimeUnit.SECONDS);
    long ms = millisSince(t0);
    System.out.printf(
        "ordered: %d requests, 2 clients x 16 outstanding, 4 replicas in one JVM: %d ms, %.0f ops/s%n",
        2 * perClient, ms, 2 * perClient * 1000.0 / ms);
    assertConverged(0, 1, 2, 3);
    assertThat(apps[0].size()).isEqualTo(2 * perClient);
  }

  @Test
  @Order(2)
  void unorderedRequestsAreAnsweredByAQuorum() {
    byte[] reply = call(one, "read".getBytes(StandardCharsets.UTF_8), true);
    assertThat(Arrays.copyOfRange(reply, 4, reply.length)).isEqualTo(apps[0].chain());
    assertThat(apps[0].size()).isEqualTo(apps[0].timestamps().size());
  }

  @Test
  @Order(3)
  void agreedTimestampsAreIdenticalAtEveryReplica() {
    Map<String, Long> reference = apps[0].timestamps();
    assertThat(reference).isNotEmpty();
    for (int id = 1; id < N; id++) {
      assertThat(apps[id].timestamps()).as("timestamps at replica %d", id).isEqualTo(reference);
    }
  }

  @Test
  @Order(4)
  void aDeadFollowerCostsNoStall() throws Exception {
    replicas[3].close();
    assertThat(new ReplicaPorts(config.replicas().get(3)).free()).isTrue();
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      ordered(one, nextRequest());
    }
    long unstalled = millisSince(t0);
    System.out.printf("100 sequential ordered requests, replica 3 dead: %d ms%n", unstalled);

    try (SmartClient stalling = SmartClient.connect(config, 1003, false)) {
      long t1 = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        ordered(stalling, nextRequest());
      }
      System.out.printf(
          "3 sequential ordered requests, replica 3 dead, without the stall workaround: %d ms%n",
          millisSince(t1));
    }
    assertThat(unstalled).isLessThan(60_000);
    assertConverged(0, 1, 2);
  }

  @Test
  @Order(5)
  void aRestartedReplicaCatchesUpByStateTransfer() {
    restartAndCatchUp(3, new int[] {0, 1, 2, 3});
  }

  @Test
  @Order(6)
  void theGroupSurvivesTheLeadersDeath() {
    replicas[0].close();
    long t0 = System.nanoTime();
    ordered(one, nextRequest());
    long first = millisSince(t0);
    for (int i = 0; i < 20; i++) {
      ordered(i % 2 == 0 ? one : two, nextRequest());
    }
    System.out.printf(
        "leader 0 killed: first request answered after %d ms (leader timeout %d ms),"
            + " 20 more after %d ms%n",
        first, LEADER_TIMEOUT.toMillis(), millisSince(t0));
    assertConverged(1, 2, 3);
  }

  @Test
  @Order(7)
  void theOldLeaderRestartsAndCatchesUpAfterTheLeaderChange() {
    restartAndCatchUp(0, new int[] {0, 1, 2, 3});
  }

  /**
   * Restarts replica {@code id} with an empty application, keeps ordered requests flowing until its
   * state equals the others', then until it answers both clients again.
   */
  private void restartAndCatchUp(int id, int[] all) {
    int other = id == 0 ? 1 : 0;
    apps[id] = new LogApplication();
    long t0 = System.nanoTime();
    replicas[id] = SmartReplica.start(config, id, apps[id]);
    long started = millisSince(t0);
    boolean caughtUp =
        poll(
            CONVERGE_TIMEOUT,
            () -> {
              ordered(one, nextRequest());
              return !replicas[id].initializing()
                  && Arrays.equals(apps[id].chain(), apps[other].chain());
            });
    long caughtUpMs = millisSince(t0);
    assertThat(caughtUp).as("replica %d caught up", id).isTrue();
    boolean answersOne = poll(CONVERGE_TIMEOUT, () -> ordered(one, nextRequest()).get(id));
    boolean answersTwo = poll(CONVERGE_TIMEOUT, () -> ordered(two, nextRequest()).get(id));
    System.out.printf(
        "restart of replica %d: listening after %d ms, state equal after %d ms,"
            + " answering both clients again after %d ms%n",
        id, started, caughtUpMs, millisSince(t0));
    assertThat(answersOne).as("replica %d answers client 1001 again", id).isTrue();
    assertThat(answersTwo).as("replica %d answers client 1002 again", id).isTrue();
    assertConverged(all);
  }

  // ---------------------------------------------------------------------------------------------

  /** Sends {@code count} ordered requests keeping {@code depth} outstanding. */
  private void pipeline(OrderingClient client, int count, int depth) {
    Semaphore window = new Semaphore(depth);
    List<CompletableFuture<byte[]>> all = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        window.acquire();
        MatchingReplies replies = new MatchingReplies(QUORUM);
        Invocation invocation = client.invoke(nextRequest(), false, replies);
        CompletableFuture<byte[]> done =
            replies
                .result()
                .whenComplete(
                    (r, e) -> {
                      invocation.cancel();
                      window.release();
                    });
        all.add(done);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(TestSupport.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] nextRequest() {
    return ("request-" + sequence.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
  }

  /** Polls until the given replicas' applications have equal logs (they may lag briefly). */
  private void assertConverged(int... ids) {
    boolean equal =
        poll(
            CONVERGE_TIMEOUT,
            () -> {
              byte[] reference = apps[ids[0]].chain();
              return Arrays.stream(ids).allMatch(id -> Arrays.equals(apps[id].chain(), reference));
            });
    assertThat(equal).as("replicas %s converged", Arrays.toString(ids)).isTrue();
    byte[] snapshot = apps[ids[0]].snapshot();
    for (int id : ids) {
      assertThat(apps[id].snapshot()).as("snapshot of replica %d", id).isEqualTo(snapshot);
    }
  }

  private List<Thread> leftoverThreads() {
    return newThreads(threadsBefore);
  }

  private static void closeCollecting(AutoCloseable c, List<RuntimeException> failures) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (RuntimeException e) {
      failures.add(e);
    } catch (Exception e) {
      failures.add(new IllegalStateException(e));
    }
  }
}
