package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bftnfs.replication.ordering.smart.ReplicaStatus;
import org.bftnfs.replication.ordering.smart.SmartClient;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader crashes (paper §2.2: the replication library keeps ordering requests with up to f
 * faulty replicas, the primary included; the relay retransmits and the replicas' request windows
 * answer a retransmission from the reply cache instead of executing it again). The leader — the
 * replica the others follow, asked just before (replica 0, an nfs-ganesha replica, unless the group
 * already changed leaders) — is killed with SIGKILL (with its nfs-ganesha, if any) while a client
 * creates files one after another: after a leader change the service answers again within a bounded
 * time, every CREATE GUARDED of a new name is answered OK exactly once (an execution twice would
 * answer EXIST), every WRITE reads back, and the directory lists each name exactly once. The old
 * leader, restarted from a clean export, catches up by state transfer (its nfs-ganesha filled
 * through {@code putObjs}), and all four replicas end in the same abstract state.
 */
@Timeout(300)
class LeaderCrashIT {

  private static final int FILES = 120;
  private static final int KILL_AFTER = 40;
  private static final int LATE_FILES = 30;
  private static final Duration RESUME_BOUND = Duration.ofSeconds(30);

  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private ProcessCluster cluster;

  @AfterEach
  void stop() throws InterruptedException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      worker.shutdownNow();
      assertThat(worker.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** One call's outcome and when it completed. */
  private record Done(String what, int status, long startNanos, long endNanos) {}

  @Test
  void afterTheLeaderCrashesTheServiceResumesAndNothingIsLostOrDoneTwice(@TempDir Path dir)
      throws Exception {
    Ganesha.assumeAvailable();
    // relay 1's key is the probe's
    cluster = ProcessCluster.start(dir.resolve("LeaderCrashIT"), ProcessCluster.MIXED, 2, Map.of());
    RelayProcess relay = cluster.relay();
    List<Done> done = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(60))) {
      byte[] root = client.mount(relay.export());
      Future<?> creator =
          worker.submit(
              () -> {
                for (int i = 0; i < FILES; i++) {
                  String name = String.format("file-%03d", i);
                  NfsReply created =
                      timed(client, done, "CREATE " + name, NfsCalls.create(root, name, true));
                  if (NfsCalls.status(created) != nfsstat3.NFS3_OK) {
                    continue;
                  }
                  byte[] file = NfsCalls.createdHandle(created);
                  byte[] data = payload(i);
                  timed(client, done, "WRITE " + name, NfsCalls.write(file, 0, data));
                  NfsReply read =
                      timed(client, done, "READ " + name, NfsCalls.read(file, 0, 65_536));
                  if (NfsCalls.status(read) == nfsstat3.NFS3_OK
                      && !Arrays.equals(NfsCalls.readData(read), data)) {
                    synchronized (mismatches) {
                      mismatches.add(name);
                    }
                  }
                }
                return null;
              });
      Poll.until(
          Duration.ofSeconds(60),
          creator,
          KILL_AFTER + " files created",
          () -> created(done) >= KILL_AFTER);
      int leader = currentLeader();
      long kill = System.nanoTime();
      cluster.kill(leader);
      // from here on the old leader (its JVM and its children) is certainly dead
      long dead = System.nanoTime();
      creator.get(120, TimeUnit.SECONDS);

      List<Done> all;
      synchronized (done) {
        all = List.copyOf(done);
      }
      // Reads are answered without the leader (unordered, 2f+1 matching replies); CREATE and
      // WRITE need ordering: the first one answered after the leader's death was ordered by a new
      // leader, once the followers suspected the old one (the one in flight at the kill, if any,
      // waits for that too).
      Done firstOrdered =
          all.stream()
              .filter(d -> d.endNanos() > dead && !d.what().startsWith("READ"))
              .min(Comparator.comparingLong(Done::endNanos))
              .orElseThrow();
      long resumedMillis = (firstOrdered.endNanos() - kill) / 1_000_000;
      Done slowest =
          all.stream()
              .max(Comparator.comparingLong(d -> d.endNanos() - d.startNanos()))
              .orElseThrow();
      System.out.printf(
          "LeaderCrashIT: leader killed after %d files; ordering resumed %d ms after the kill"
              + " (first ordered call answered after its death: %s); slowest call %d ms (%s); %d of %d calls"
              + " took over 2 s%n",
          KILL_AFTER,
          resumedMillis,
          firstOrdered.what(),
          (slowest.endNanos() - slowest.startNanos()) / 1_000_000,
          slowest.what(),
          all.stream().filter(d -> d.endNanos() - d.startNanos() > 2_000_000_000L).count(),
          all.size());

      assertThat(all)
          .as("every call answered NFS3_OK (no JUKEBOX, no EXIST from a second execution)")
          .allSatisfy(d -> assertThat(d.status()).as(d.what()).isEqualTo(nfsstat3.NFS3_OK))
          .hasSize(3 * FILES);
      assertThat(mismatches).as("files whose READ did not return what was written").isEmpty();
      assertThat(Duration.ofMillis(resumedMillis))
          .as("ordering waited for the followers to suspect the leader, then resumed in time")
          .isGreaterThanOrEqualTo(ProcessCluster.LEADER_TIMEOUT)
          .isLessThan(RESUME_BOUND);

      List<String> expected = new ArrayList<>(List.of(".", ".."));
      for (int i = 0; i < FILES; i++) {
        expected.add(String.format("file-%03d", i));
      }
      NfsReply listing = client.call(NfsCalls.readdirplus(root));
      assertThat(NfsCalls.names(listing))
          .as("the directory holds each name exactly once")
          .containsExactlyElementsOf(expected);

      // the old leader comes back from a clean export (its nfs-ganesha too) and catches up
      long restart = System.nanoTime();
      cluster.restart(leader, null);
      for (int i = 0; i < LATE_FILES; i++) {
        NfsCall create = NfsCalls.create(root, String.format("late-%02d", i), true);
        assertThat(NfsCalls.status(create, client.call(create))).isEqualTo(nfsstat3.NFS3_OK);
      }
      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1100)) {
        probe.awaitAgreement(leader, cluster.config().f(), Duration.ofSeconds(60));
      }
      System.out.printf(
          "LeaderCrashIT: replica %d (%s) caught up %d ms after its restart began%n",
          leader,
          cluster.config().replicas().get(leader).backend(),
          (System.nanoTime() - restart) / 1_000_000);
      CheckpointInstalls.assertFilledACleanExport(
          "LeaderCrashIT", leader, cluster.replica(leader).output());
    }
    assertThat(cluster.stopCleanlyWhenCaughtUp(Duration.ofSeconds(120)))
        .as("processes that did not stop cleanly")
        .isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }

  /** The replica that at least 2f+1 replicas say they follow as the leader. */
  private int currentLeader() throws InterruptedException {
    SortedMap<Integer, ReplicaStatus> statuses =
        SmartClient.probe(cluster.config().ordering(), Duration.ofSeconds(5));
    Map<Integer, Long> votes =
        statuses.values().stream()
            .collect(Collectors.groupingBy(ReplicaStatus::leader, Collectors.counting()));
    return votes.entrySet().stream()
        .filter(e -> e.getKey() >= 0 && e.getValue() >= 2L * cluster.config().f() + 1)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no leader followed by 2f+1 replicas: " + statuses));
  }

  private static NfsReply timed(NfsTestClient client, List<Done> done, String what, NfsCall call)
      throws Exception {
    long start = System.nanoTime();
    NfsReply reply = client.call(call);
    long end = System.nanoTime();
    synchronized (done) {
      done.add(new Done(what, NfsCalls.status(call, reply), start, end));
    }
    return reply;
  }

  private static long created(List<Done> done) {
    synchronized (done) {
      return done.stream().filter(d -> d.what().startsWith("CREATE")).count();
    }
  }

  /** File i's contents: a few KiB, different for every file. */
  private static byte[] payload(int i) {
    byte[] data = new byte[1024 + 37 * i];
    new Random(i).nextBytes(data);
    byte[] tag = ("file " + i + "\n").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tag, 0, data, 0, tag.length);
    return data;
  }
}
