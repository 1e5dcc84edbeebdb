package org.bftnfs.replication.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.junit.jupiter.api.Test;

/**
 * The relay's vote counting (paper §2.2): quorums over distinct replicas, replies for other
 * requests ignored, early failure when no quorum can form, and who dissented — including replies
 * that arrive after the quorum, one by one, as the real engine delivers them.
 */
class QuorumCollectorTest {

  private static final byte[] DIGEST = new byte[32];
  private final List<SigningKey> keys = new ArrayList<>();

  QuorumCollectorTest() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 4; i++) {
      keys.add(SigningKey.generate(random));
    }
  }

  private QuorumCollector collector(int quorum, BitSet down) {
    return new QuorumCollector(7, 42, DIGEST, quorum, 4, down, i -> keys.get(i).verifyingKey());
  }

  private byte[] reply(int replica, byte[] detail) {
    return new ReplyEnvelope(replica, 7, 42, DIGEST, ReplyEnvelope.Kind.REPLY, detail)
        .encode(keys.get(replica));
  }

  @Test
  void repliesAfterTheQuorumAreCountedBeforeAnyoneReadsTheDissenters() {
    QuorumCollector votes = collector(2, new BitSet());
    votes.offer(0, reply(0, new byte[] {1}));
    votes.offer(1, reply(1, new byte[] {1}));
    ReplyEnvelope accepted = votes.result().join();
    AtomicReference<BitSet> seen = new AtomicReference<>();
    votes.everyoneHeard().thenRun(() -> seen.set(votes.dissenters(accepted)));
    votes.offer(2, reply(2, new byte[] {1}));
    votes.offer(3, reply(3, new byte[] {1}));
    assertThat(seen.get()).as("the late replies agreed").isEqualTo(new BitSet());
  }

  @Test
  void aReplicaThatAnsweredDifferentlyIsADissenter() {
    QuorumCollector votes = collector(2, new BitSet());
    votes.offer(3, reply(3, new byte[] {9}));
    votes.offer(0, reply(0, new byte[] {1}));
    votes.offer(1, reply(1, new byte[] {1}));
    BitSet expected = new BitSet();
    expected.set(3);
    assertThat(votes.dissenters(votes.result().join())).isEqualTo(expected);
    assertThat(votes.describe(expected, votes.result().join()))
        .isEqualTo("3: REPLY of 1 bytes, first difference at byte 0");
  }

  @Test
  void aQuorumThatCannotFormFailsAtOnceCountingPresumedDownReplicasOut() {
    BitSet down = new BitSet();
    down.set(3);
    QuorumCollector votes = collector(3, down);
    votes.offer(0, reply(0, new byte[] {1}));
    assertThat(votes.result()).isNotDone();
    votes.offer(1, reply(1, new byte[] {2}));
    assertThat(votes.result()).isCompletedExceptionally();
  }

  @Test
  void aReplicaCountsOnceAndRepliesToOtherRequestsNotAtAll() {
    QuorumCollector votes = collector(2, new BitSet());
    assertThat(votes.offer(0, reply(0, new byte[] {1}))).isTrue();
    assertThat(votes.offer(0, reply(0, new byte[] {1}))).as("same replica again").isFalse();
    byte[] other =
        new ReplyEnvelope(1, 7, 42, new byte[] {1}, ReplyEnvelope.Kind.REPLY, new byte[] {1})
            .encode(keys.get(1));
    assertThat(votes.offer(1, other)).as("names another request").isFalse();
    assertThat(votes.offer(2, reply(1, new byte[] {1}))).as("signed by another replica").isFalse();
    assertThat(votes.result()).isNotDone();
  }
}
