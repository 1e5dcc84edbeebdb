package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.millisSince;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.consensus.messages.MessageFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up with f replicas down (issue 11): replica 3 is stopped while the group orders, then
 * replica 2 stops for good and replica 3 restarts. The group can order nothing until replica 3 has
 * caught up, and only replicas 0 and 1 (f+1) can give it the state. The library's state manager
 * needs 2f+1 peers to agree at start and waits for a randomly chosen peer's checkpoint (80 s when
 * that peer is down); {@link SmartStateManager} installs the state f+1 peers agree on.
 */
@Timeout(240)
class SmartCatchUpIT {

  private static final int N = 4;

  /** Generous: the catch-up takes a few seconds (peers re-connect every 5 s), never 80 s. */
  private static final Duration CATCH_UP_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path keys;

  @RegisterExtension final InProcessGroup group = new InProcessGroup(N);
  private final LogApplication[] apps = group.apps;
  private final SmartReplica[] replicas = group.replicas;
  private SmartClient client;
  private SmartClient later;

  @Test
  void aRestartedReplicaCatchesUpFromFPlusOnePeersWhileAnotherIsDown() throws Exception {
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(2), 20);
    for (int id = 0; id < N; id++) {
      group.start(config, id);
    }
    client = group.connect(config, 1001);
    int sent = 0;
    while (sent < 30) {
      ordered(client, request(sent++));
    }

    replicas[3].close();
    replicas[3] = null;
    while (sent < 75) { // beyond a few checkpoints (period 20) while replica 3 is down
      ordered(client, request(sent++));
    }
    replicas[2].close();
    replicas[2] = null;
    assertThat(apps[0].size()).isEqualTo(75);

    apps[3] = new LogApplication();
    long restart = System.nanoTime();
    replicas[3] = SmartReplica.start(config, 3, apps[3]);
    boolean caughtUp =
        poll(
            CATCH_UP_DEADLINE,
            () ->
                !replicas[3].initializing()
                    && Arrays.equals(apps[3].chain(), apps[0].chain())
                    && apps[3].size() == 75);
    System.out.printf(
        "replica 3 restarted with replica 2 down: caught up after %d ms%n", millisSince(restart));
    assertThat(caughtUp).as("replica 3 caught up from replicas 0 and 1").isTrue();

    // the group of 0, 1 and 3 orders again, replica 3 executing with the others (a new client:
    // the first one's session with replica 3 ended when replica 3 stopped)
    later = group.connect(config, 1002);
    BitSet repliedBy = ordered(later, request(sent++));
    assertThat(repliedBy.get(2)).isFalse();
    assertThat(
            poll(
                CATCH_UP_DEADLINE,
                () -> apps[3].size() == 76 && Arrays.equals(apps[3].chain(), apps[0].chain())))
        .as("replica 3 executes the next request like replica 0")
        .isTrue();
  }

  /**
   * A replica that missed an instance's proposal and holds no request (as after installing a state
   * just before the clients stopped calling) still notices that its peers went on ({@link
   * GroupProgress}) and fetches their state, with no further call to wake it: it used to stay
   * behind until the next call ({@code FollowerCrashIT} saw a restarted replica list an old
   * directory a minute after the last call).
   */
  @Test
  void aReplicaBehindWithNothingWaitingCatchesUpWithoutAnotherCall() throws Exception {
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(2), 20);
    AtomicInteger lostProposal = new AtomicInteger(-1);
    InboundQueue.Screen losing =
        m ->
            m instanceof ConsensusMessage c
                    && c.getType() == MessageFactory.PROPOSE
                    && c.getNumber() == lostProposal.get()
                ? null
                : m;
    for (int id = 0; id < N - 1; id++) {
      group.start(config, id);
    }
    group.start(config, 3, log -> log, List.of(losing));
    client = group.connect(config, 1001);
    int sent = 0;
    while (sent < 3) {
      ordered(client, request(sent++));
    }
    assertThat(poll(CATCH_UP_DEADLINE, () -> apps[3].size() == 3)).isTrue();
    int missed = replicas[3].layer().getLastExec() + 1;
    lostProposal.set(missed);

    BitSet repliedBy = ordered(client, request(sent++));
    assertThat(repliedBy.get(3))
        .as("replica 3 executed the instance it has no proposal of")
        .isFalse();
    // what the replica forgets after it installed a state: the requests it held
    replicas[3].layer().clientsManager.clear();
    replicas[3].layer().requestsTimer.clearAll();

    int total = sent;
    long since = System.nanoTime();
    boolean caughtUp =
        poll(
            CATCH_UP_DEADLINE,
            () -> apps[3].size() == total && Arrays.equals(apps[3].chain(), apps[0].chain()));
    System.out.printf(
        "replica 3, behind by instance %d with nothing waiting, caught up after %d ms%n",
        missed, millisSince(since));
    assertThat(caughtUp).as("replica 3 fetched the state of the instance it missed").isTrue();
  }

  private static byte[] request(int i) {
    return ("request-" + i).getBytes(StandardCharsets.UTF_8);
  }
}
