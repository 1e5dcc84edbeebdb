package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.replication.ordering.smart.TestSupport.ordered;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import bftsmart.clientsmanagement.ClientData;
import bftsmart.tom.core.DeliveryThread;
import bftsmart.tom.core.messages.TOMMessage;
import bftsmart.tom.core.messages.TOMMessageType;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader change while no request is pending makes the new leader propose an empty batch, which
 * every replica decides ({@link EmptyDecisions}). The decision is delivered as a no-op: the group
 * goes on ordering, every replica executes every request, and a replica that was down catches up
 * through the state log that holds the no-op (paper §2.2: replicas execute the same requests in the
 * same order).
 */
@Timeout(180)
class SmartEmptyDecisionIT {

  private static final int N = 4;
  private static final int CLIENT = 1001;

  @TempDir Path keys;

  @RegisterExtension final InProcessGroup group = new InProcessGroup(N);
  private final LogApplication[] apps = group.apps;
  private final SmartReplica[] replicas = group.replicas;
  private SmartClient client;

  @Test
  void anEmptyBatchAfterALeaderChangeIsANoOpAndLosesNoRequest() throws Exception {
    // a leader timeout that a loaded machine does not hit while the change runs
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(6), 50);
    for (int id = 0; id < N; id++) {
      group.start(config, id);
    }
    client = group.connect(config, CLIENT);
    int sent = 0;
    for (; sent < 5; sent++) {
      ordered(client, request(sent));
    }
    replicas[3].close(); // it will catch up later, through a log that holds the no-op
    replicas[3] = null;

    // A leader change with nothing pending: replicas 0 and 1 (f+1) time out on a request that was
    // ordered already (the race that makes it happen in a cluster: the request timer fires as the
    // request is decided); replica 2 joins the change on their STOPs, relaying that request. The
    // new leader finds nothing new to propose and proposes an empty batch. (Replica 2 is not made
    // to time out itself: once it joined, its own timeout would start a further change whose STOP
    // carries no request, which the library cannot decode.)
    for (int id = 0; id < 2; id++) {
      List<TOMMessage> timedOut = new ArrayList<>();
      timedOut.add(lastOrdered(replicas[id]));
      replicas[id].layer().getSynchronizer().triggerTimeout(timedOut);
    }
    boolean decided =
        poll(
            Duration.ofSeconds(60),
            () -> {
              for (int id = 0; id < 3; id++) {
                if (guard(replicas[id]).filled() < 1) {
                  return false;
                }
              }
              return true;
            });
    assertThat(decided)
        .as("replicas 0, 1 and 2 decided an empty batch and delivered it as a no-op")
        .isTrue();

    for (int more = sent + 20; sent < more; sent++) {
      ordered(client, request(sent));
    }
    assertThat(allExecuted(3, sent)).as("replicas 0, 1 and 2 executed every request").isTrue();
    assertThat(apps[1].chain()).isEqualTo(apps[0].chain());
    assertThat(apps[2].chain()).isEqualTo(apps[0].chain());

    apps[3] = new LogApplication();
    replicas[3] = SmartReplica.start(config, 3, apps[3]);
    int total = sent;
    boolean caughtUp =
        poll(
            Duration.ofSeconds(90),
            () -> {
              ordered(client, request(1_000_000 + apps[0].size()));
              return Arrays.equals(apps[3].chain(), apps[0].chain()) && apps[3].size() > total;
            });
    assertThat(caughtUp)
        .as("replica 3 caught up with the same requests in the same order")
        .isTrue();
  }

  /**
   * A leader change whose STOPs relay no request (replicas time out with nothing pending, the
   * others join) completes ({@link EmptyStops}): the library alone ended each receiver's message
   * thread on such a STOP, and every replica stopped.
   */
  @Test
  void aLeaderChangeWhoseStopsRelayNoRequestCompletes() throws Exception {
    OrderingConfig config = TestGroup.create(keys, N, Duration.ofSeconds(6), 50);
    for (int id = 0; id < N; id++) {
      group.start(config, id);
    }
    client = group.connect(config, CLIENT);
    int sent = 0;
    for (; sent < 3; sent++) {
      ordered(client, request(sent));
    }
    // replicas 0 and 1 (f+1) time out with nothing pending and start the change (their STOPs: the
    // library's unflushed form); replicas 2 and 3 join it on those STOPs (theirs: the flushed form)
    for (int id = 0; id < 2; id++) {
      replicas[id].layer().getSynchronizer().triggerTimeout(new ArrayList<>());
    }
    boolean changed =
        poll(
            Duration.ofSeconds(60),
            () -> {
              for (int id = 0; id < N; id++) {
                if (replicas[id].layer().getSynchronizer().getLCManager().getLastReg() < 1) {
                  return false;
                }
              }
              return true;
            });
    assertThat(changed).as("every replica installed the new regency").isTrue();
    for (int id = 0; id < N; id++) {
      assertThat(stops(replicas[id]).repaired()).as("STOPs replica %d repaired", id).isPositive();
    }
    for (int more = sent + 10; sent < more; sent++) {
      ordered(client, request(sent));
    }
    assertThat(allExecuted(N, sent)).as("every replica executed every request").isTrue();
    for (int id = 1; id < N; id++) {
      assertThat(apps[id].chain()).isEqualTo(apps[0].chain());
    }
  }

  /** Whether replicas 0..count-1 all executed {@code requests} requests within 30 s. */
  private boolean allExecuted(int count, int requests) {
    return poll(
        Duration.ofSeconds(30),
        () -> {
          for (int id = 0; id < count; id++) {
            if (apps[id].size() != requests) {
              return false;
            }
          }
          return true;
        });
  }

  private static EmptyStops stops(SmartReplica replica) {
    return InboundQueue.screen(replica.layer().getCommunication(), EmptyStops.class);
  }

  /** The last request of the test's client that {@code replica} ordered, as the client sent it. */
  private static TOMMessage lastOrdered(SmartReplica replica) {
    ClientData c = replica.layer().clientsManager.getClientData(CLIENT);
    int sequence = c.getLastMessageExecuted();
    TOMMessage m =
        new TOMMessage(
            CLIENT,
            c.getSession(),
            sequence,
            sequence,
            request(sequence),
            replica.layer().controller.getCurrentViewId(),
            TOMMessageType.ORDERED_REQUEST);
    m.serializedMessage = TOMMessage.messageToBytes(m);
    return m;
  }

  private static EmptyDecisions guard(SmartReplica replica) {
    DeliveryThread dt = replica.layer().getDeliveryThread();
    try {
      Field f = DeliveryThread.class.getDeclaredField("decided");
      f.setAccessible(true);
      return (EmptyDecisions) f.get(dt);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] request(int i) {
    return ("request-" + i).getBytes(StandardCharsets.UTF_8);
  }
}
