package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import bftsmart.communication.SystemMessage;
import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.consensus.messages.MessageFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The message thread's queue: screens in order, withheld messages, and how long it handles one. */
class InboundQueueTest {

  private final LinkedBlockingQueue<SystemMessage> library = new LinkedBlockingQueue<>();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<String> seen = new ArrayList<>();

  private InboundQueue queue(InboundQueue.Screen... screens) {
    return new InboundQueue(library, List.of(screens), clock::get);
  }

  private static ConsensusMessage accept(int cid) {
    return new ConsensusMessage(MessageFactory.ACCEPT, cid, 0, 1, new byte[] {1});
  }

  @Test
  void screensRunInOrderAndAWithheldMessageReadsAsATimeout() throws Exception {
    InboundQueue q =
        queue(
            m -> {
              seen.add("first " + ((ConsensusMessage) m).getNumber());
              return m;
            },
            m -> {
              seen.add("second " + ((ConsensusMessage) m).getNumber());
              return ((ConsensusMessage) m).getNumber() == 7 ? null : m;
            });
    q.put(accept(7)); // producers put into the library's queue
    q.offer(accept(8));
    assertThat(library).hasSize(2);
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isNull();
    assertThat(((ConsensusMessage) q.poll(0, TimeUnit.MILLISECONDS)).getNumber()).isEqualTo(8);
    assertThat(seen).containsExactly("first 7", "second 7", "first 8", "second 8");
    assertThat(q.poll()).isNull();
  }

  @Test
  void takeSkipsWithheldMessages() throws Exception {
    InboundQueue q = queue(m -> ((ConsensusMessage) m).getNumber() < 3 ? null : m);
    for (int cid = 1; cid <= 3; cid++) {
      library.put(accept(cid));
    }
    assertThat(((ConsensusMessage) q.take()).getNumber()).isEqualTo(3);
    assertThat(library).isEmpty();
  }

  @Test
  void itTellsHowLongTheMessageThreadHasHandledTheMessageItTookLast() throws Exception {
    InboundQueue q = queue(m -> m);
    assertThat(q.handlingNanos(clock.get())).as("before any message").isZero();
    library.put(accept(1));
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isNotNull();
    clock.addAndGet(5_000);
    assertThat(q.handlingNanos(clock.get())).isEqualTo(5_000);
    clock.addAndGet(70_000);
    assertThat(q.handlingNanos(clock.get())).isEqualTo(75_000);
    // back for the next message: waiting is not handling
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isNull();
    clock.addAndGet(90_000);
    assertThat(q.handlingNanos(clock.get())).isZero();
  }

  @Test
  void aWithheldMessageIsNotHandled() throws Exception {
    InboundQueue q = queue(m -> null);
    library.put(accept(1));
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isNull();
    clock.addAndGet(1_000_000);
    assertThat(q.handlingNanos(clock.get())).isZero();
  }
}
