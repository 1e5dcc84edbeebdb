package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.consensus.messages.MessageFactory;
import bftsmart.tom.leaderchange.LCMessage;
import org.junit.jupiter.api.Test;

/** The highest instance the peers were seen working on, which tells a replica it is behind. */
class GroupProgressTest {

  private static ConsensusMessage message(int type, int cid, boolean authenticated) {
    ConsensusMessage m = new ConsensusMessage(type, cid, 0, 1, new byte[] {1});
    m.authenticated = authenticated;
    return m;
  }

  @Test
  void authenticatedConsensusMessagesRaiseTheHighestInstanceAndEveryMessagePasses() {
    GroupProgress p = new GroupProgress(true);
    assertThat(p.highest()).isEqualTo(-1);
    ConsensusMessage write = message(MessageFactory.WRITE, 7, true);
    assertThat(p.screen(write)).isSameAs(write);
    assertThat(p.highest()).isEqualTo(7);
    assertThat(p.screen(message(MessageFactory.ACCEPT, 5, true))).isNotNull();
    assertThat(p.highest()).as("an older instance").isEqualTo(7);
    ConsensusMessage forged = message(MessageFactory.PROPOSE, 1_000_000, false);
    assertThat(p.screen(forged)).as("passed on for the library to refuse").isSameAs(forged);
    assertThat(p.highest()).as("an unauthenticated message").isEqualTo(7);
    LCMessage stop = new LCMessage(1, 0, 3, new byte[0]);
    assertThat(p.screen(stop)).isSameAs(stop);
    assertThat(p.highest()).isEqualTo(7);
  }

  @Test
  void whenFPlusOnePeersExecutedNoFurtherWhatWasSeenBeyondIsForgotten() {
    GroupProgress p = new GroupProgress(true);
    p.screen(message(MessageFactory.ACCEPT, 900, true)); // a faulty peer's instance
    p.refuted(40);
    assertThat(p.highest()).isEqualTo(40);
    p.refuted(60);
    assertThat(p.highest()).as("never raised by a refutation").isEqualTo(40);
    p.screen(message(MessageFactory.PROPOSE, 41, true));
    assertThat(p.highest()).isEqualTo(41);
  }

  @Test
  void withoutMacsEveryConsensusMessageCounts() {
    GroupProgress p = new GroupProgress(false);
    p.screen(message(MessageFactory.ACCEPT, 3, false));
    assertThat(p.highest()).isEqualTo(3);
  }
}
