package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.clusters.ClientCalls.createWith;
import static org.bftnfs.clusters.ClientCalls.ok;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper §3.4 (state transfer fetches only what is out of date): an nfs-ganesha replica is stopped
 * cleanly (it saves its conformance rep) while the others change a file system of a few hundred
 * files — new files, rewritten files, removed files — and is restarted from its own export. It
 * catches up by fetching from its peers' checkpoint exactly the objects that changed while it was
 * away (and the directory that names them), not the file system: the test counts them. Clients get
 * no error throughout, and the four replicas end in the same abstract state.
 */
@Timeout(300)
class IncrementalCatchUpIT {

  private static final int AWAY = 3;
  private static final int FILES = 300;
  private static final int NEW = 40;
  private static final int REWRITTEN = 20;
  private static final int REMOVED = 10;

  private ProcessCluster cluster;

  @AfterEach
  void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aReplicaBackFromAStopFetchesOnlyTheObjectsThatChangedMeanwhile(@TempDir Path dir)
      throws Exception {
    Ganesha.assumeAvailable();
    // relay 1's key is the probe's
    cluster =
        ProcessCluster.start(
            dir.resolve("IncrementalCatchUpIT"), ProcessCluster.MIXED, 2, Map.of());
    RelayProcess relay = cluster.relay();
    try (NfsTestClient client = new NfsTestClient(relay.port(), Duration.ofSeconds(60))) {
      byte[] root = client.mount(relay.export());
      List<byte[]> files = new ArrayList<>();
      for (int i = 0; i < FILES; i++) {
        files.add(createWith(client, root, String.format("file-%03d", i), "first version " + i));
      }
      assertThat(cluster.terminate(AWAY))
          .as("replica %d stopped cleanly (saving its conformance rep)", AWAY)
          .isZero();

      for (int i = 0; i < NEW; i++) {
        createWith(client, root, String.format("new-%02d", i), "made while replica 3 was away");
      }
      for (int i = 0; i < REWRITTEN; i++) {
        ok(client, NfsCalls.write(files.get(i), 0, bytes("second version " + i)));
      }
      for (int i = 0; i < REMOVED; i++) {
        ok(client, NfsCalls.remove(root, String.format("file-%03d", FILES - 1 - i)));
      }

      // ordered calls that change nothing (GUARDED CREATE of an existing name), so that the
      // checkpoint the returning replica installs comes after every change: the engine replays
      // the calls after a checkpoint from its log rather than fetching their objects
      for (int i = 0; i < 2 * ProcessCluster.CHECKPOINT_PERIOD; i++) {
        NfsCall again = NfsCalls.create(root, "new-00", true);
        assertThat(NfsCalls.status(again, client.call(again))).isEqualTo(nfsstat3.NFS3ERR_EXIST);
      }

      cluster.restart(AWAY, null);
      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1100)) {
        probe.awaitAgreement(AWAY, cluster.config().f(), Duration.ofSeconds(90));
      }
      List<CheckpointInstalls> installs = CheckpointInstalls.in(cluster.replica(AWAY).output());
      System.out.printf(
          "IncrementalCatchUpIT: %d files, then %d new, %d rewritten, %d removed while replica %d"
              + " was stopped; it installed %s%n",
          FILES, NEW, REWRITTEN, REMOVED, AWAY, installs);
      assertThat(installs).as("checkpoints installed by the returning replica").hasSize(1);
      int changed = NEW + REWRITTEN + REMOVED + 1; // + the root directory
      assertThat(installs.get(0).objectsFetched())
          .as("objects fetched: those changed while it was away, not the %d in use", FILES)
          .isBetween(changed, changed + 2);
      assertThat(installs.get(0).differed()).isBetween(changed, changed + 2);

      // it executes again with the others
      createWith(client, root, "after-return", "seen by all four");
      try (ReplicaProbe probe = new ReplicaProbe(cluster.config(), 1, 1101)) {
        probe.awaitAgreement(AWAY, cluster.config().f(), Duration.ofSeconds(30));
      }
    }
    assertThat(cluster.stopCleanly()).as("processes that did not stop cleanly").isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
