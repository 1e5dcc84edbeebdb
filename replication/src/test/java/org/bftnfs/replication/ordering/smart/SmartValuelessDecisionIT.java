package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import bftsmart.communication.ServerCommunicationSystem;
import bftsmart.communication.SystemMessage;
import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.consensus.messages.MessageFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension final InProcessGroup group = new InProcessGroup(N);
  private final LogApplication[] apps = group.apps;
  private final SmartReplica[] replicas = group.replicas;
  private SmartClient client;

  @Test
  void aReplicaThatRefusedADecidedBatchFetchesItsPeersStateAndExecutesOn() throws Exception {
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(6), 20);
    ProposalFirst proposalFirst = new ProposalFirst();
    for (int id = 0; id < N; id++) {
      if (id == REFUSING) {
        group.start(config, id, Refusing::new, List.of(proposalFirst));
      } else {
        group.start(config, id);
      }
    }
    proposalFirst.queue = inQueue(replicas[REFUSING]);
    client = group.connect(config, 1001);
    int sent = 0;
    for (; sent < 5; sent++) {
      ordered(client, request(sent));
    }
    assertThat(poll(Duration.ofSeconds(30), () -> apps[REFUSING].size() == 5)).isTrue();
    // replica 2 handles the leader's proposal of the refused batch before the others' votes on it
    proposalFirst.instance = replicas[REFUSING].layer().getLastExec() + 1;
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

  /** The queue in front of {@code replica}'s message thread (its producers' side). */
  @SuppressWarnings("unchecked")
  private static BlockingQueue<SystemMessage> inQueue(SmartReplica replica) throws Exception {
    Field f = ServerCommunicationSystem.class.getDeclaredField("inQueue");
    f.setAccessible(true);
    return (BlockingQueue<SystemMessage>) f.get(replica.layer().getCommunication());
  }

  /**
   * Holds back the peers' votes on one instance until the leader's proposal of it has come, then
   * puts them back behind it: the replica then always handles the proposal first (as it does when
   * the votes are not faster than the leader's link), so the test does not depend on the arrival
   * order on the machine.
   */
  private static final class ProposalFirst implements InboundQueue.Screen {
    volatile int instance = -1;
    volatile BlockingQueue<SystemMessage> queue;
    private final List<SystemMessage> held = new ArrayList<>();
    private boolean proposed;

    @Override
    public SystemMessage screen(SystemMessage m) {
      if (!(m instanceof ConsensusMessage c) || c.getNumber() != instance) {
        return m;
      }
      if (c.getType() == MessageFactory.PROPOSE) {
        if (!proposed) {
          proposed = true;
          held.forEach(queue::add); // behind the proposal
          held.clear();
        }
        return m;
      }
      if (!proposed) {
        held.add(m);
        return null;
      }
      return m;
    }
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
