package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that did not accept the leader's proposal for an instance the others decide (paper
 * §2.1: a replica that falls behind catches up from its peers' state) must fetch their state rather
 * than decide the instance without its value ({@link ValuelessDecisions}). Here replica 2 refuses
 * one request (its verdict differs from the others', as a faulty or out-of-date replica's can), so
 * it refuses the leader's batch that holds it, while replicas 0, 1 and 3 accept it: the library
 * alone then decided the instance at replica 2 on the others' ACCEPTs and its message thread waited
 * for the missing value for ever, without pause; replica 2 never executed again.
 */
@Timeout(180)
class SmartValuelessDecisionIT {

  private static final int N = 4;
  private static final int REFUSING = 2;
  private static final byte[] REFUSED = "refused-by-replica-2".getBytes(StandardCharsets.UTF_8);

  @TempDir Path keys;

  private final InProcessGroup group = new InProcessGroup(N);
  private final LogApplication[] apps = group.apps;
  private final SmartReplica[] replicas = group.replicas;
  private SmartClient client;

  @AfterEach
  void stop() {
    group.close();
  }

  @Test
  void aReplicaThatRefusedADecidedBatchFetchesItsPeersStateAndExecutesOn() throws Exception {
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(6), 20);
    for (int id = 0; id < N; id++) {
      group.start(config, id, id == REFUSING ? Refusing::new : log -> log);
    }
    client = group.connect(config, 1001);
    int sent = 0;
    for (; sent < 5; sent++) {
      ordered(client, request(sent));
    }
    BitSet repliedBy = ordered(client, REFUSED);
    sent++;
    assertThat(repliedBy.get(REFUSING)).as("replica 2 executed the batch it refused").isFalse();
    for (int more = sent + 10; sent < more; sent++) {
      ordered(client, request(sent));
    }

    int total = sent;
    boolean caughtUp =
        poll(
            Duration.ofSeconds(60),
            () ->
                apps[REFUSING].size() == total
                    && Arrays.equals(apps[REFUSING].chain(), apps[0].chain()));
    assertThat(caughtUp)
        .as("replica 2 fetched its peers' state and executed every request like replica 0")
        .isTrue();
    ValuelessDecisions guard =
        InboundQueue.screen(
            replicas[REFUSING].layer().getCommunication(), ValuelessDecisions.class);
    assertThat(guard.withheld())
        .as("ACCEPTs replica 2 withheld rather than decide without the value")
        .isPositive();
    for (int id = 0; id < N; id++) {
      if (id != REFUSING) {
        assertThat(apps[id].chain()).as("replica %d", id).isEqualTo(apps[0].chain());
        assertThat(
                InboundQueue.screen(
                        replicas[id].layer().getCommunication(), ValuelessDecisions.class)
                    .withheld())
            .as("ACCEPTs withheld by replica %d, which held every value", id)
            .isZero();
      }
    }
  }

  private static byte[] request(int i) {
    return ("request-" + i).getBytes(StandardCharsets.UTF_8);
  }

  /** Replica 2's application: refuses {@link #REFUSED}, otherwise {@link LogApplication}. */
  private static final class Refusing extends ForwardingApplication {

    Refusing(LogApplication log) {
      super(log);
    }

    @Override
    public boolean verify(byte[] request) {
      return !Arrays.equals(request, REFUSED);
    }
  }
}
