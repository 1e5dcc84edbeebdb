package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.SystemMessage;
import bftsmart.consensus.messages.ConsensusMessage;

/**
 * The highest consensus instance any peer was seen working on: a {@linkplain InboundQueue screen}
 * that lets every message through and notes the instance of each authenticated consensus message.
 *
 * <p>A peer's message for an instance beyond the last one this replica executed is work for this
 * replica, even when no request waits here: if the replica then executes nothing for the watchdog's
 * catch-up period, it asks its peers whether it fell behind ({@link
 * ExecutionWatchdog.Engine#busy}). Without it, a replica that installed a state just before the
 * clients stopped calling, and missed an instance it cannot decide alone, stayed behind until the
 * next call (seen in {@code FollowerCrashIT}: the restarted replica still listed an old directory a
 * minute after the last call). A faulty peer can make it ask in vain once: when f+1 peers answer
 * that they executed no further, what it sent is forgotten ({@link #refuted}).
 */
final class GroupProgress implements InboundQueue.Screen {

  private final boolean macsInUse;
  private volatile int highest = -1;

  /**
   * @param macsInUse whether the peers' messages are authenticated (then only those count)
   */
  GroupProgress(boolean macsInUse) {
    this.macsInUse = macsInUse;
  }

  /** The highest instance of a peer's consensus message so far (-1: none). */
  int highest() {
    return highest;
  }

  /**
   * F+1 peers reported having executed no further than {@code executed}: what was seen beyond it
   * was not the group's progress (a faulty peer's message) and is forgotten. Call on the message
   * thread, the one that {@link #screen}s.
   */
  void refuted(int executed) {
    if (highest > executed) {
      highest = executed;
    }
  }

  @Override
  public SystemMessage screen(SystemMessage m) {
    if (m instanceof ConsensusMessage c
        && (!macsInUse || c.authenticated)
        && c.getNumber() > highest) {
      highest = c.getNumber(); // only the message thread writes
    }
    return m;
  }
}
