package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.SystemMessage;
import bftsmart.consensus.Consensus;
import bftsmart.consensus.Epoch;
import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.consensus.messages.MessageFactory;
import bftsmart.reconfiguration.ServerViewController;
import bftsmart.tom.core.TOMLayer;
import java.util.Arrays;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the library from deciding a consensus instance whose value this replica does not hold, and
 * has the replica fetch its peers' state instead.
 *
 * <p>The problem: the library decides an instance as soon as 2f+1 replicas ACCEPT the hash of a
 * value, whether or not this replica accepted the PROPOSE that carries the value. When it did not
 * (it refused the leader's batch — the library's own check of a batch can differ between replicas,
 * for one on a request the replica's client table no longer expects — or it took another replica as
 * the leader after a freeze), the library hands the decision to the delivery thread, whose first
 * read of the decided requests waits for the value in a loop without pause, on the thread that
 * handles every message from the peers. That thread then never handles another message: the replica
 * can neither execute nor fetch its peers' state, and stays behind for good, burning a core (seen
 * in {@code ReplicationLivenessIT} after two replicas were frozen and thawed: stalled for two
 * minutes at one instance while the others went on). When the replica holds a value but the ACCEPTs
 * are for another one, the library would decide the hash of the others and execute its own value.
 *
 * <p>The repair: a {@linkplain InboundQueue screen} of the message thread's queue withholds an
 * ACCEPT that the library would handle at once and that would complete 2f+1 ACCEPTs for a value
 * this replica did not accept in that epoch (and likewise a WRITE that would complete 2f+1 WRITEs
 * for a proposal it refused: the library would ACCEPT it, and fail on the missing requests), and
 * tells its listener the instance: the replica then asks its peers for their state at that instance
 * or later ({@link SmartStateManager#catchUp}), which f+1 of them hold once they executed it. The
 * instance is not decided locally, so nothing is executed without its value. An ACCEPT that the
 * library would store for later (an instance ahead of the one in execution) passes: the library
 * handles those only after this replica accepted the instance's PROPOSE, and the screen sees them
 * then only if they come again.
 *
 * <p>Reads the library's consensus state under the instance's lock, on the message thread, which is
 * where the library changes it.
 */
final class ValuelessDecisions implements InboundQueue.Screen {

  private static final Logger LOG = LoggerFactory.getLogger(ValuelessDecisions.class);

  private final int replica;
  private final TOMLayer layer;
  private final ServerViewController controller;
  private final IntConsumer withheldAt;
  private volatile int withheld;

  /**
   * @param withheldAt told (on the message thread, under no library lock) the instance of each
   *     ACCEPT withheld
   */
  ValuelessDecisions(int replica, TOMLayer layer, IntConsumer withheldAt) {
    this.replica = replica;
    this.layer = layer;
    this.controller = layer.controller;
    this.withheldAt = withheldAt;
  }

  /** How many ACCEPTs were withheld so far (any thread). */
  int withheld() {
    return withheld;
  }

  @Override
  public SystemMessage screen(SystemMessage m) {
    if (!(m instanceof ConsensusMessage message)
        || (message.getType() != MessageFactory.ACCEPT
            && message.getType() != MessageFactory.WRITE)) {
      return m;
    }
    int cid = message.getNumber();
    boolean counted = controller.getStaticConf().getUseMACs() == 0 || message.authenticated;
    if (!counted || !handledAtOnce(cid) || !completesWithoutValue(message)) {
      return m;
    }
    withheld = withheld + 1; // only the message thread writes
    LOG.warn(
        "replica {}: 2f+1 replicas {} a value for consensus {} that this replica does not hold (it"
            + " refused or never got the proposal): not taking part, fetching its peers' state"
            + " instead ({} messages withheld so far)",
        replica,
        message.getType() == MessageFactory.ACCEPT ? "accepted" : "wrote",
        cid,
        withheld);
    withheldAt.accept(cid);
    return null;
  }

  /**
   * Whether the library handles an ACCEPT for {@code cid} as soon as it arrives (the instance in
   * execution, right after the last executed one), rather than storing it for later.
   */
  private boolean handledAtOnce(int cid) {
    return cid == layer.getLastExec() + 1
        && layer.getInExec() == cid
        && !layer.isRetrievingState()
        && !layer.execManager.stopped();
  }

  /**
   * Whether handling {@code message} would complete 2f+1 of its kind for a value this replica lacks
   * in that epoch: an ACCEPT then decides the instance, a WRITE makes this replica ACCEPT the value
   * (the library keeps the bytes of a proposal it refused, and then fails on the missing requests
   * as it signs its ACCEPT, ending the message thread).
   */
  private boolean completesWithoutValue(ConsensusMessage message) {
    Consensus consensus = layer.execManager.getConsensus(message.getNumber());
    consensus.lock.lock();
    try {
      if (consensus.isDecided()) {
        return false;
      }
      Epoch epoch = consensus.getEpoch(message.getEpoch(), false, controller);
      if (epoch != null
          && epoch.deserializedPropValue != null
          && Arrays.equals(epoch.propValueHash, message.getValue())) {
        return false; // it holds the value
      }
      boolean accept = message.getType() == MessageFactory.ACCEPT;
      if (!accept && (epoch == null || !Arrays.equals(epoch.propValueHash, message.getValue()))) {
        return false; // WRITEs for a value it does not hold at all make it ACCEPT nothing
      }
      return count(epoch, message, accept) + 1 > controller.getQuorum();
    } finally {
      consensus.lock.unlock();
    }
  }

  /** How many others of {@code message}'s kind the epoch counts for its value, not its sender's. */
  private static int count(Epoch epoch, ConsensusMessage message, boolean accept) {
    if (epoch == null) {
      return 0;
    }
    byte[] value = message.getValue();
    int sender = message.getSender();
    int count = accept ? epoch.countAccept(value) : epoch.countWrite(value);
    byte[] before =
        accept
            ? (epoch.isAcceptSetted(sender) ? epoch.getAccept(sender) : null)
            : (epoch.isWriteSetted(sender) ? epoch.getWrite(sender) : null);
    return Arrays.equals(before, value) ? count - 1 : count; // the same message again replaces it
  }
}
