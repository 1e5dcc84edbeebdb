package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.millisSince;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group of 3f+1 replicas tolerates f faulty ones from its very start (paper §2.1: "the system can
 * tolerate up to f faulty replicas"), not only after every replica has been up once: with one of
 * four replicas never started, ordered requests are answered by the three others; when the fourth
 * starts it catches up. Before {@link LinkKeys}, the library's acceptor waited for a link key with
 * the missing replica and nothing was ever ordered.
 */
@Timeout(180)
class SmartMissingReplicaIT {

  private static final int N = 4;

  @TempDir Path keys;

  @RegisterExtension final InProcessGroup group = new InProcessGroup(N);
  private final LogApplication[] apps = group.apps;
  private final SmartReplica[] replicas = group.replicas;
  private SmartClient client;

  @Test
  void aGroupStartedWithoutOneReplicaOrdersAtOnceAndTheLateReplicaCatchesUp() throws Exception {
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(2), 20);
    long t0 = System.nanoTime();
    for (int id = 0; id < N - 1; id++) {
      group.start(config, id);
    }
    client = group.connect(config, 1001);
    long firstStart = System.nanoTime();
    BitSet first = ordered(client, request(0));
    long firstMs = millisSince(firstStart);
    for (int i = 1; i < 50; i++) {
      ordered(client, request(i));
    }
    System.out.printf(
        "replica 3 never started: first ordered request answered %d ms after the client connected"
            + " (%d ms after the first replica started), 50 in %d ms%n",
        firstMs, millisSince(t0), millisSince(firstStart));
    assertThat(first.get(3)).as("the missing replica did not answer").isFalse();
    assertThat(firstMs).as("ordering did not wait for the missing replica").isLessThan(20_000);
    assertThat(apps[0].size()).isEqualTo(50);

    apps[3] = new LogApplication();
    long lateStart = System.nanoTime();
    replicas[3] = SmartReplica.start(config, 3, apps[3]);
    int[] sent = {50};
    boolean caughtUp =
        poll(
            Duration.ofSeconds(90),
            () -> {
              ordered(client, request(sent[0]++));
              return !replicas[3].initializing() && Arrays.equals(apps[3].chain(), apps[0].chain());
            });
    System.out.printf(
        "replica 3 started late: state equal to the others after %d ms (%d requests ordered)%n",
        millisSince(lateStart), sent[0]);
    assertThat(caughtUp).as("the late replica caught up").isTrue();
    // the key the library agreed when replica 3 connected is the one computed before it was up
    LinkKeys computed = LinkKeys.compute(keys, N, 0, EngineKeys.readPrivate(keys, 0));
    assertThat(replicas[0].linkKey(3).getEncoded()).isEqualTo(computed.of(3).getEncoded());
  }

  @Test
  void withoutTheDiffieHellmanValueOfTheMissingReplicaTheKeyIsNotComputed() throws Exception {
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(2), 20);
    Files.delete(EngineKeys.diffieHellmanFile(keys, 3));
    LinkKeys links = LinkKeys.compute(keys, N, 0, EngineKeys.readPrivate(keys, 0));
    assertThat(links.of(3)).isNull();
    assertThat(links.of(1)).isNotNull();
    assertThat(config.n()).isEqualTo(N);
  }

  private static byte[] request(int i) {
    return ("request-" + i).getBytes(StandardCharsets.UTF_8);
  }
}
