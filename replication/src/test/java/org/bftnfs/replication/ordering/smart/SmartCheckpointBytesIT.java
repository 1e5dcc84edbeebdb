package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's checkpoints are bounded by the bytes of the requests logged since the last one, not
 * only by their number (paper §2.2 checkpoints; {@link CheckpointRule}): with a period far beyond
 * the run and large requests, every replica takes its snapshots at the same points in the order,
 * early, and a replica that was down catches up from such a checkpoint and the requests logged
 * after it. Without the bound the log of large requests grows with the period until the heap is
 * gone (seen: four replicas out of memory at once while a client copied files in).
 */
@Timeout(240)
class SmartCheckpointBytesIT {

  private static final int N = 4;
  private static final int REQUEST_BYTES = 64 * 1024;
  private static final long BOUND = 256 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path keys;

  @RegisterExtension final InProcessGroup group = new InProcessGroup(N);
  private final LogApplication[] apps = group.apps;
  private final SmartReplica[] replicas = group.replicas;
  private SmartClient client;
  private SmartClient later;

  @Test
  void largeRequestsAreCheckpointedByTheirBytesAtTheSamePointsEverywhere() throws Exception {
    OrderingConfig base = TestGroup.create(keys, N, Duration.ofSeconds(2), 100_000);
    OrderingConfig config =
        new OrderingConfig(
            base.replicas(), base.f(), base.keyDirectory(), base.leaderTimeout(), 100_000, BOUND);
    for (int id = 0; id < N; id++) {
      group.start(config, id);
    }
    client = group.connect(config, 1001);
    int sent = 0;
    while (sent < 6) {
      ordered(client, request(sent++));
    }
    replicas[3].close();
    replicas[3] = null;
    while (sent < 40) {
      ordered(client, request(sent++));
    }
    int executed = sent;
    assertThat(poll(DEADLINE, () -> apps[2].size() == executed)).isTrue();

    // 40 requests of 64 KiB, one per instance: a snapshot every 4 instances (256 KiB logged),
    // where the period alone (100,000) would have taken none
    List<Integer> points = apps[0].snapshots();
    System.out.println("snapshots of replica 0 at log lengths " + points);
    assertThat(points.size()).isGreaterThanOrEqualTo(1 + 40 / 5);
    assertThat(apps[1].snapshots()).isEqualTo(points);
    assertThat(apps[2].snapshots()).isEqualTo(points);

    // replica 3 restarts and installs the latest checkpoint and the requests logged after it
    apps[3] = new LogApplication();
    replicas[3] = SmartReplica.start(config, 3, apps[3]);
    later = group.connect(config, 1002);
    ordered(later, request(sent++));
    int total = sent;
    assertThat(
            poll(
                DEADLINE,
                () ->
                    !replicas[3].initializing()
                        && apps[3].size() == total
                        && Arrays.equals(apps[3].chain(), apps[0].chain())))
        .as("replica 3 caught up from a checkpoint taken by bytes")
        .isTrue();
  }

  private static byte[] request(int i) {
    byte[] r = new byte[REQUEST_BYTES];
    ByteBuffer.wrap(r).putInt(i);
    return r;
  }
}
