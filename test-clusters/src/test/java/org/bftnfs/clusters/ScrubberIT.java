package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.clusters.ClientCalls.createWith;
import static org.bftnfs.clusters.ClientCalls.ok;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper §3.4, checked continuously (issue 12's scrubber): the backend of one replica (a local
 * directory) is corrupted behind its wrapper's back in three ways — a file's bytes overwritten, a
 * file's mode changed, a stray entry added to a directory — while a client keeps working. The
 * replica's scrubber re-reads its objects from the backend, finds exactly those three objects no
 * longer matching its latest checkpoint, fetches their checkpoint values from its peers (verified
 * against the checkpoint's digests) and puts them back. Clients see no error, and the four replicas
 * end in the same abstract state.
 */
@Timeout(300)
class ScrubberIT {

  private static final int CORRUPTED = 1;
  private static final Pattern REPAIRED =
      Pattern.compile("entry (\\d+) in its backend differed from checkpoint");

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

  @Test
  void aReplicaRepairsObjectsCorruptedInItsBackendFromItsPeers(@TempDir Path dir) throws Exception {
    Ganesha.assumeAvailable();
    // relay 1's key is the probe's
    cluster = ProcessCluster.start(dir.resolve("ScrubberIT"), ProcessCluster.MIXED, 2, Map.of());
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(60));
        NfsTestClient busyClient = new NfsTestClient(relay.port(), Duration.ofSeconds(60))) {
      byte[] root = client.mount(relay.export());
      byte[] rewritten = null;
      byte[] chmodded = null;
      for (int i = 0; i < 20; i++) {
        byte[] file = createWith(client, root, "data-" + i, ("contents of file " + i).repeat(200));
        if (i == 3) {
          rewritten = file;
        } else if (i == 5) {
          chmodded = file;
        }
      }
      byte[] sub = directory(client, root, "sub");
      for (int i = 0; i < 5; i++) {
        createWith(client, sub, "f-" + i, "in sub " + i);
      }
      byte[] busy = directory(client, root, "busy");
      // ordered calls that change nothing, so that a checkpoint covers every object above
      for (int i = 0; i < 2 * ProcessCluster.CHECKPOINT_PERIOD; i++) {
        NfsCall again = NfsCalls.create(root, "data-0", true);
        assertThat(NfsCalls.status(again, client.call(again))).isEqualTo(nfsstat3.NFS3ERR_EXIST);
      }

      // a client keeps working elsewhere while the replica is corrupted and repairs itself
      AtomicBoolean working = new AtomicBoolean(true);
      AtomicInteger busyCalls = new AtomicInteger();
      Future<?> workload =
          worker.submit(
              () -> {
                while (working.get()) {
                  createWith(busyClient, busy, "b-" + busyCalls.incrementAndGet(), "busy");
                }
                return null;
              });

      Path export = cluster.data(CORRUPTED).resolve("export/root");
      try (FileChannel ch = FileChannel.open(export.resolve("data-3"), StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap("GARBAGE".getBytes(StandardCharsets.US_ASCII)), 100);
        ch.force(true);
      }
      Files.setPosixFilePermissions(
          export.resolve("data-5"), PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(export.resolve("sub").resolve("stray"), "not in the file system");

      Set<Integer> expected = Set.of(entry(rewritten), entry(chmodded), entry(sub));
      long corruptedAt = System.nanoTime();
      Poll.until(
          Duration.ofSeconds(90),
          workload,
          "replica " + CORRUPTED + " repaired " + expected,
          () -> repaired(cluster.replica(CORRUPTED).output()).containsAll(expected));
      long repairedMillis = (System.nanoTime() - corruptedAt) / 1_000_000;
      working.set(false);
      workload.get(60, TimeUnit.SECONDS);

      Set<Integer> repaired = repaired(cluster.replica(CORRUPTED).output());
      System.out.printf(
          "ScrubberIT: replica %d repaired entries %s (corrupted: %s) within %d ms; the client"
              + " made %d calls meanwhile, all answered OK%n",
          CORRUPTED, repaired, expected, repairedMillis, busyCalls.get());
      assertThat(repaired)
          .as("entries the scrubber repaired: exactly the corrupted ones")
          .isEqualTo(expected);
      assertThat(Files.exists(export.resolve("sub").resolve("stray")))
          .as("the stray entry is gone from the backend")
          .isFalse();
      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1100)) {
        probe.awaitAgreement(CORRUPTED, cluster.config().f(), Duration.ofSeconds(30));
      }
    }
    // what operators see: the repairs counted by the replica that made them, nobody else's
    ProcessCluster.Status status = cluster.status();
    System.out.printf("ScrubberIT: bftnfs status said:%n%s", status.output());
    assertThat(status.exitCode()).as(status.output()).isZero();
    long repairs = REPAIRED.matcher(cluster.replica(CORRUPTED).output()).results().count();
    for (int i = 0; i < cluster.config().n(); i++) {
      assertThat(status.output())
          .as("replica %d's metrics line", i)
          .containsPattern(
              "replica "
                  + i
                  + " .*\n  checkpoint \\d+ root [0-9a-f]{8}, \\d+ s old, (stable \\d+|none stable yet); repaired "
                  + (i == CORRUPTED ? repairs : 0)
                  + " objects by scrubbing, 0 by recoveries; no proactive recovery\n");
    }
    assertThat(status.output()).contains("checkpoint roots agree");
    assertThat(cluster.stopCleanlyWhenCaughtUp(Duration.ofSeconds(120)))
        .as("processes that did not stop cleanly")
        .isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }

  private int entry(byte[] handle) {
    return cluster.config().spec().handles().decode(handle, ProcessCluster.CAPACITY).index();
  }

  private static Set<Integer> repaired(String output) {
    Set<Integer> found = new TreeSet<>();
    Matcher m = REPAIRED.matcher(output);
    while (m.find()) {
      found.add(Integer.parseInt(m.group(1)));
    }
    return found;
  }

  private static byte[] directory(NfsTestClient client, byte[] parent, String name)
      throws Exception {
    ok(client, NfsCalls.mkdir(parent, name));
    return NfsCalls.lookedUpHandle(ok(client, NfsCalls.lookup(parent, name)));
  }
}
