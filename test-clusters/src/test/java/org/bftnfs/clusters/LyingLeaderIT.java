package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bftnfs.replication.config.ClusterConfig.Backend;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.testkit.Prerequisite;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A faulty leader cannot move the file system's clock (paper §3.1: the primary proposes the
 * timestamp, the backups check it against their clocks). Replica 0, the first leader, runs with its
 * clock ten years ahead (libfaketime in its process, so the ordering engine itself proposes those
 * timestamps); the times the file system gives new files stay within the bound of the relay's clock
 * (before, the agreed time followed the leader and files were created ten years in the future).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class LyingLeaderIT {

  static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

  private ProcessCluster cluster;
  private NfsTestClient client;

  @BeforeAll
  void start(@TempDir Path temp) throws Exception {
    Prerequisite.require(
        Files.exists(FAKETIME),
        () -> "needs libfaketime (bin/test installs the Debian package faketime)");
    cluster =
        ProcessCluster.start(
            temp.resolve("LyingLeaderIT"),
            List.of(Backend.LOCAL, Backend.LOCAL, Backend.LOCAL, Backend.LOCAL),
            1,
            Map.of(),
            Set.of(),
            List.of(),
            Map.of(
                0,
                Map.of(
                    "LD_PRELOAD", FAKETIME.toString(),
                    "FAKETIME", "+3650d",
                    "FAKETIME_DONT_FAKE_MONOTONIC", "1")));
    client = new NfsTestClient(cluster.relay().port(), Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() throws Exception {
    ProcessCluster.closeBoth(client, cluster);
  }

  @Test
  void filesGetTimesNearTheRelaysClockNotTheLyingLeaders() throws Exception {
    byte[] root = client.mount(cluster.relay().export());
    long before = System.currentTimeMillis() / 1000;
    CREATE3res res =
        XdrCodec.decode(
            client.call(NfsCalls.create(root, "dated", true)).result(), new CREATE3res());
    long after = System.currentTimeMillis() / 1000;
    assertThat(res.status).isZero();
    long mtime = Integer.toUnsignedLong(res.resok.obj_attributes.attributes.mtime.seconds);
    System.out.printf(
        "LyingLeaderIT: leader 10 years ahead; the new file's mtime is %d s after the relay's"
            + " clock%n",
        mtime - after);
    assertThat(mtime).isBetween(before - 60, after + 60);
  }
}
