package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.ordering.smart.Impostor;
import org.bftnfs.replication.ordering.smart.ReplicaStatus;
import org.bftnfs.replication.ordering.smart.SmartClient;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and security of the replicated service on a real multi-process cluster (nfs-ganesha on
 * replicas 0 and 3, local directories on 1 and 2), through one life (paper §2.1: 3f+1 replicas
 * tolerate f faulty ones; §2.2: the relay accepts f+1 matching replies, replicas execute each
 * request once):
 *
 * <ol>
 *   <li>started with replica 3 missing, the cluster serves writes at once (before, nothing was
 *       ordered until every replica had been up);
 *   <li>replica 3 starts late and catches up;
 *   <li>on the healthy cluster no GETATTR right after a WRITE waits (before, a read that found a
 *       replica behind waited out the 2.5 s unordered timeout);
 *   <li>a process with no key that connects as the relay's own engine client and sends random
 *       ordered requests (and forged read-only envelopes in the relay's name) changes nothing for
 *       the relay's clients and freezes no replica (before, every replica's delivery thread threw
 *       and one stopped executing for good);
 *   <li>a call the relay gave up on (two replicas frozen), executed once the group recovered, and
 *       retried by the client, is executed exactly once and the retry gets its real result (before,
 *       the retry was executed again: a GUARDED CREATE answered EXIST);
 *   <li>after a clean stop all four replicas hold the same abstract state.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ReplicationLivenessIT {

  /** The relay answers JUKEBOX after this many seconds without a quorum. */
  private static final int GIVE_UP_SECONDS = 6;

  private ProcessCluster cluster;
  private NfsTestClient client;
  private byte[] root;

  @BeforeAll
  void startWithoutReplica3(@TempDir Path temp) throws Exception {
    Ganesha.assumeAvailable();
    cluster =
        ProcessCluster.start(
            temp.resolve("ReplicationLivenessIT"),
            ProcessCluster.MIXED,
            1,
            Map.of(),
            Set.of(3),
            List.of("--give-up", String.valueOf(GIVE_UP_SECONDS)));
    client = new NfsTestClient(cluster.relay().port(), Duration.ofSeconds(60));
    root = client.mount(cluster.relay().export());
  }

  @AfterAll
  void stop() throws Exception {
    ProcessCluster.closeBoth(client, cluster);
  }

  @Test
  @Order(1)
  void aClusterStartedWithThreeOfFourReplicasServesWritesAtOnce() throws Exception {
    long t0 = System.nanoTime();
    byte[] file = create("early");
    long firstWrite = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      assertThat(status(NfsCalls.write(file, i * 4096L, block(i)))).isZero();
    }
    System.out.printf(
        "ReplicationLivenessIT: replica 3 never started: first CREATE answered in %d ms,"
            + " 50 WRITEs of 4 KiB in %d ms%n",
        (firstWrite - t0) / 1_000_000, (System.nanoTime() - firstWrite) / 1_000_000);
  }

  @Test
  @Order(2)
  void theFourthReplicaStartsLateAndTakesPart() throws Exception {
    cluster.restart(3, null);
    byte[] file = create("after-3-joined");
    for (int i = 0; i < 100; i++) {
      assertThat(status(NfsCalls.write(file, i * 4096L, block(i)))).isZero();
    }
    // its state is compared with the others' at the end
  }

  @Test
  @Order(3)
  void noGetattrAfterAWriteWaitsOnAHealthyCluster() throws Exception {
    byte[] file = create("read-after-write");
    int rounds = 200;
    long[] getattr = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      assertThat(status(NfsCalls.write(file, (i % 16) * 4096L, block(i)))).isZero();
      long t = System.nanoTime();
      assertThat(status(NfsCalls.getattr(file))).isZero();
      getattr[i] = System.nanoTime() - t;
    }
    long[] sorted = getattr.clone();
    Arrays.sort(sorted);
    long median = sorted[rounds / 2];
    long max = sorted[rounds - 1];
    // 10x the median, but at least 0.5 s: the machine is shared with other builds, and the waits
    // this guards against were the 2.5 s unordered timeout
    long bound = Math.max(10 * median, TimeUnit.MILLISECONDS.toNanos(500));
    long slow = Arrays.stream(getattr).filter(ns -> ns > 10 * median).count();
    System.out.printf(
        "ReplicationLivenessIT: %d GETATTR right after a WRITE: median %.1f ms, max %.1f ms, %d"
            + " above 10x the median%n",
        rounds, median / 1e6, max / 1e6, slow);
    assertThat(max).as("slowest GETATTR after a WRITE (ns)").isLessThanOrEqualTo(bound);
  }

  @Test
  @Order(4)
  void anImpersonatingEngineClientChangesNothingForTheRelayAndFreezesNoReplica() throws Exception {
    int engineId = relayEngineClientId();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService attack = Executors.newSingleThreadExecutor();
    Future<?> attacker;
    try (Impostor impostor = new Impostor(cluster.config().ordering(), engineId)) {
      attacker =
          attack.submit(
              () -> {
                Random random = new Random(8);
                SigningKey nobody = SigningKey.generate(new java.security.SecureRandom());
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (System.nanoTime() - end < 0) {
                  byte[] junk = new byte[1 + random.nextInt(600)];
                  random.nextBytes(junk);
                  impostor.send(junk, false);
                  impostor.sendRaw(junk);
                  // a forged read in relay 0's name, with a sequence number near the relay's
                  byte[] forged =
                      new RequestEnvelope(
                              0,
                              random.nextInt(100_000),
                              System.currentTimeMillis(),
                              NfsCalls.getattr(root))
                          .encode(nobody);
                  impostor.send(forged, true);
                  sent.addAndGet(3);
                  TimeUnit.MILLISECONDS.sleep(50); // pace: 20 requests a second of each kind
                }
                return null;
              });
      WorkloadRun run = new WorkloadRun(client, cluster.config().spec().handles(), 77);
      while (!attacker.isDone()) {
        run.run(20);
      }
      attacker.get();
      System.out.printf(
          "ReplicationLivenessIT: impostor as engine client %d sent %d requests; meanwhile %s%n",
          engineId, sent.get(), run);
      assertThat(run.failures()).as("calls answered JUKEBOX or SERVERFAULT: %s", run).isZero();
    } finally {
      attack.shutdownNow();
    }
    assertThat(sent.get()).isGreaterThan(100);

    // every replica still executes: a write now reaches all four
    byte[] file = create("after-the-impostor");
    assertThat(status(NfsCalls.write(file, 0, block(1)))).isZero();
    SortedMap<Integer, ReplicaStatus> status =
        SmartClient.probe(cluster.config().ordering(), Duration.ofSeconds(5));
    System.out.printf("ReplicationLivenessIT: status after the impostor: %s%n", status.values());
    assertThat(status).hasSize(4);
    assertThat(status.values()).allMatch(s -> s.ready() && s.health().equals("EXECUTING"));
    for (int i = 0; i < 4; i++) {
      assertThat(cluster.replica(i).output())
          .as("replica %d's log", i)
          .doesNotContain("DeliveryThread")
          .doesNotContain("ArrayIndexOutOfBounds")
          .contains("refused to order a request");
    }
  }

  @Test
  @Order(5)
  void aCallTheRelayGaveUpOnAndTheClientRetriedIsExecutedExactlyOnce() throws Exception {
    NfsCall create = NfsCalls.create(root, "gave-up", true);
    cluster.replica(2).signal("STOP");
    cluster.replica(3).signal("STOP");
    NfsReply first;
    try {
      first = client.call(create);
    } finally {
      cluster.replica(2).signal("CONT");
      cluster.replica(3).signal("CONT");
    }
    assertThat(NfsCalls.status(first))
        .as("no quorum with two replicas frozen: the relay gives up")
        .isEqualTo(nfsstat3.NFS3ERR_JUKEBOX);
    // the group orders the request once it has its quorum again
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (status(NfsCalls.lookup(root, "gave-up")) != nfsstat3.NFS3_OK) {
      assertThat(System.nanoTime() - deadline).as("the CREATE was executed").isNegative();
      TimeUnit.MILLISECONDS.sleep(200); // poll interval
    }
    NfsReply retry = client.call(create);
    System.out.printf(
        "ReplicationLivenessIT: first attempt %d (JUKEBOX), executed after the thaw; the retry"
            + " answered %d%n",
        NfsCalls.status(first), NfsCalls.status(retry));
    assertThat(NfsCalls.status(retry))
        .as("the retry gets the real result of the one execution, not EXIST")
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(status(NfsCalls.remove(root, "gave-up"))).isZero();
    assertThat(status(NfsCalls.lookup(root, "gave-up"))).isEqualTo(nfsstat3.NFS3ERR_NOENT);
  }

  @Test
  @Order(6)
  void afterACleanStopEveryReplicaHoldsTheSameAbstractState() throws Exception {
    // replicas 2 and 3 were frozen: let them catch up (state transfer) before they are stopped
    byte[] marker = create("last");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    SortedMap<Integer, ReplicaStatus> status;
    while (true) {
      assertThat(status(NfsCalls.write(marker, 0, block(2)))).isZero();
      status = SmartClient.probe(cluster.config().ordering(), Duration.ofSeconds(2));
      if (status.size() == 4
          && status.values().stream().mapToInt(ReplicaStatus::lastExecuted).distinct().count()
              == 1) {
        break;
      }
      assertThat(System.nanoTime() - deadline)
          .as("replicas converged on one consensus instance: %s", status.values())
          .isNegative();
      TimeUnit.MILLISECONDS.sleep(500); // poll interval
    }
    client.close();
    client = null;
    assertThat(cluster.stopCleanly()).as("processes that did not stop cleanly").isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }

  // ---------------------------------------------------------------------------------------------

  private int relayEngineClientId() {
    String prefix = "note: engine client id ";
    for (String line : cluster.relay().process().output().split("\n")) {
      if (line.startsWith(prefix)) {
        return Integer.parseInt(line.substring(prefix.length()).split(" ")[0]);
      }
    }
    throw new AssertionError("the relay did not print its engine client id");
  }

  private byte[] create(String name) throws Exception {
    NfsReply reply = client.call(NfsCalls.create(root, name, true));
    assertThat(NfsCalls.status(reply)).as("CREATE %s", name).isZero();
    return NfsCalls.createdHandle(reply);
  }

  private int status(NfsCall call) throws Exception {
    return NfsCalls.status(call, client.call(call));
  }

  private static byte[] block(int i) {
    byte[] b = new byte[4096];
    byte[] tag = ("block " + i + " ").getBytes(StandardCharsets.UTF_8);
    for (int k = 0; k < b.length; k++) {
      b[k] = tag[k % tag.length];
    }
    return b;
  }
}
