package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.bftnfs.testkit.rpc.NfsTestClient;
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
 * End to end over a heterogeneous cluster (paper §2.1: one abstract specification over different
 * implementations; §2.2: {@code invoke} returns once enough replicas answered the same): a real NFS
 * client (libnfs-utils) and a seeded random workload through {@code bin/bftnfs relay} to four
 * {@code bin/bftnfs replica} processes — nfs-ganesha on replicas 0 and 3, local directories on 1
 * and 2. After a clean stop, the four replicas' abstract states (§3.3, {@code getObj} of every
 * entry) are identical. The tests share one cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class RealClientsIT {

  private static final String AS_USER = "&uid=1000&gid=1000";
  private static final int BIG = 5 << 20;
  private static final long SEED = 20_490_101L;
  private static final int RANDOM_CALLS = 300;

  private Path work;
  private ProcessCluster cluster;

  @BeforeAll
  void startCluster(@TempDir Path dir) throws Exception {
    Ganesha.assumeAvailable();
    Libnfs.assumeInstalled();
    work = Files.createDirectories(dir.resolve("client"));
    cluster = ProcessCluster.start(dir.resolve("RealClientsIT"), ProcessCluster.MIXED, 1, Map.of());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Libnfs nfs(String... argv) throws Exception {
    return Libnfs.run(work, argv);
  }

  @Test
  @Order(1)
  void aMultiMebibyteFileGoesInAndComesBackIdentical() throws Exception {
    RelayProcess relay = cluster.relay();
    Libnfs empty = nfs("nfs-ls", relay.url());
    assertThat(empty.exitCode()).as(empty.toString()).isZero();
    assertThat(empty.output().lines().filter(l -> !l.endsWith(" .") && !l.endsWith(" ..")))
        .isEmpty();

    byte[] content = new byte[BIG];
    new Random(SEED).nextBytes(content);
    Path local = Files.write(work.resolve("big.bin"), content);
    Libnfs in = nfs("nfs-cp", local.toString(), relay.fileUrl("big.bin", ""));
    assertThat(in.exitCode()).as(in.toString()).isZero();

    Libnfs cat = nfs("nfs-cat", relay.fileUrl("big.bin", ""));
    assertThat(cat.exitCode()).as(cat.toString()).isZero();
    assertThat(Libnfs.sha256(cat.stdout())).isEqualTo(Libnfs.sha256(local));

    Path back = work.resolve("back.bin");
    Libnfs out = nfs("nfs-cp", relay.fileUrl("big.bin", ""), back.toString());
    assertThat(out.exitCode()).as(out.toString()).isZero();
    assertThat(Libnfs.sha256(back)).isEqualTo(Libnfs.sha256(local));

    Libnfs ls = nfs("nfs-ls", relay.url());
    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    assertThat(ls.output().lines().filter(l -> l.endsWith(" big.bin")))
        .singleElement()
        .satisfies(line -> assertThat(line.split("\\s+")).contains(String.valueOf(BIG)));
  }

  @Test
  @Order(2)
  void readingAMissingFileFailsWithNoSuchFile() throws Exception {
    Libnfs cat = nfs("nfs-cat", cluster.relay().fileUrl("no-such-file", ""));
    assertThat(cat.exitCode()).isNotZero();
    assertThat(cat.stderr()).contains("NFS3ERR_NOENT");
  }

  @Test
  @Order(3)
  void anOrdinaryUserMayNotWriteIntoRootsDirectory() throws Exception {
    Path local = Files.writeString(work.resolve("user.txt"), "from uid 1000\n");
    Libnfs cp = nfs("nfs-cp", local.toString(), cluster.relay().fileUrl("user.txt", AS_USER));
    assertThat(cp.exitCode()).isNotZero();
    assertThat(cp.stderr()).contains("NFS3ERR_ACCES");

    Libnfs ls = nfs("nfs-ls", cluster.relay().url());
    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    assertThat(ls.output()).doesNotContain("user.txt");
  }

  @Test
  @Order(4)
  void aRandomWorkloadIsAnsweredByTheReplicatedService() throws Exception {
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(60))) {
      byte[] root = client.mount(relay.export());
      assertThat(root).isEqualTo(cluster.config().spec().handles().root());
      WorkloadRun run = new WorkloadRun(client, cluster.config().spec().handles(), SEED);
      long start = System.nanoTime();
      run.run(RANDOM_CALLS);
      System.out.printf(
          "RealClientsIT: %s in %d ms%n", run, (System.nanoTime() - start) / 1_000_000);
      assertThat(run.failures()).as(run.toString()).isZero();
      assertThat(run.succeeded()).as(run.toString()).isGreaterThan(RANDOM_CALLS / 5);
    }
  }

  @Test
  @Order(5)
  void afterACleanStopEveryReplicaHoldsTheSameAbstractState() throws Exception {
    assertThat(cluster.stopCleanlyWhenCaughtUp(Duration.ofSeconds(120)))
        .as("processes that did not stop cleanly")
        .isEmpty();
    var states = AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
    // the root, big.bin and what the random workload made
    assertThat(states.get(0).inUse()).isGreaterThan(5);
  }
}
