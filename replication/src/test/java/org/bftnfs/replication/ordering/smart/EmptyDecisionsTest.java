package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import bftsmart.consensus.Decision;
import bftsmart.tom.core.DeliveryThread;
import bftsmart.tom.core.messages.TOMMessage;
import bftsmart.tom.core.messages.TOMMessageType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * The delivery thread's queue after {@link EmptyDecisions#install}: a decided empty batch (the new
 * leader held no request after a leader change) comes out with one placeholder request that the
 * library hands to the recoverer as a no-op, so the delivery thread no longer throws on it and
 * drops the decisions taken with it; other decisions pass unchanged, in order.
 */
class EmptyDecisionsTest {

  @Test
  void anEmptyDecisionIsDeliveredAsANoOpAndNoDecisionTakenWithItIsLost() throws Exception {
    DeliveryThread dt = new DeliveryThread(null, null, null, null); // never started
    LinkedBlockingQueue<Decision> before = queue(dt);
    Decision queuedBefore = decision(40, request(7, 1));
    before.put(queuedBefore);

    assertThat(EmptyDecisions.install(dt, 0)).isTrue();

    LinkedBlockingQueue<Decision> guarded = queue(dt);
    assertThat(guarded).isInstanceOf(EmptyDecisions.class).containsExactly(queuedBefore);
    Decision empty = decision(41);
    Decision after = decision(42, request(7, 2), request(8, 1));
    guarded.put(empty);
    guarded.put(after);

    List<Decision> taken = new ArrayList<>();
    assertThat(guarded.drainTo(taken)).isEqualTo(3);

    assertThat(taken).containsExactly(queuedBefore, empty, after);
    TOMMessage[] filled = empty.getDeserializedValue();
    assertThat(filled).hasSize(1);
    assertThat(filled[0].getSender()).isEqualTo(EmptyDecisions.NO_CLIENT);
    assertThat(filled[0].getSequence()).isEqualTo(41);
    assertThat(filled[0].getReqType()).isEqualTo(TOMMessageType.ORDERED_REQUEST);
    // no view of the group has this id: the library skips the request and delivers a no-op
    assertThat(filled[0].getViewID()).isEqualTo(Integer.MAX_VALUE);
    assertThat(after.getDeserializedValue()).hasSize(2);
    assertThat(queuedBefore.getDeserializedValue()).hasSize(1);
    assertThat(EmptyDecisions.placeholder(41)).isEqualTo(filled[0]); // the same at every replica

    assertThat(EmptyDecisions.install(dt, 0)).as("installed twice").isTrue();
    assertThat(queue(dt)).isSameAs(guarded);
  }

  private static TOMMessage request(int client, int sequence) {
    return new TOMMessage(
        client, 0, sequence, sequence, new byte[] {1}, 0, TOMMessageType.ORDERED_REQUEST);
  }

  /** A decision of {@code cid} whose requests the library has deserialised (as on delivery). */
  private static Decision decision(int cid, TOMMessage... requests) throws Exception {
    Decision d = new Decision(cid);
    Field f = Decision.class.getDeclaredField("deserializedValue");
    f.setAccessible(true);
    f.set(d, requests);
    return d;
  }

  @SuppressWarnings("unchecked")
  private static LinkedBlockingQueue<Decision> queue(DeliveryThread dt) throws Exception {
    Field f = DeliveryThread.class.getDeclaredField("decided");
    f.setAccessible(true);
    return (LinkedBlockingQueue<Decision>) f.get(dt);
  }
}
