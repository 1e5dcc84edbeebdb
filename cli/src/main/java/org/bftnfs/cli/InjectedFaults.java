package org.bftnfs.cli;

import java.util.function.UnaryOperator;
import org.bftnfs.replication.replica.DivergingStateMachine;
import org.bftnfs.replication.replica.LyingCheckpointServer;
import org.bftnfs.replication.replica.LyingStateMachine;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.rpc.ServedAnswers;

/**
 * The faults a replica is started with — none in a deployment. Fault-injection tests make a replica
 * Byzantine with {@code BFTNFS_FAULT} ({@link ReplicaCommand}): {@code lie} wraps its state machine
 * so it signs wrong READ data, {@code lie-state} makes it serve wrong digests and objects to peers
 * that fetch state from it, {@code diverge} makes its state depart from the others' once, silently
 * (its backend agrees with it: only checkpoint agreement can tell).
 *
 * @param machine wraps the replica's state machine
 * @param served what its state-transfer server sends for what it holds
 * @param description what the replica does wrong, for its warning line
 */
record InjectedFaults(
    UnaryOperator<StateMachine> machine, ServedAnswers served, String description) {

  /** An honest replica. */
  static final InjectedFaults NONE =
      new InjectedFaults(UnaryOperator.identity(), ServedAnswers.HONEST, "nothing");

  /** The value of {@code BFTNFS_FAULT} that signs wrong READ data. */
  static final String LIE = "lie";

  /** The value of {@code BFTNFS_FAULT} that serves wrong state to fetching peers. */
  static final String LIE_STATE = "lie-state";

  /** The value of {@code BFTNFS_FAULT} whose state departs from the others' once. */
  static final String DIVERGE = "diverge";

  /**
   * The faults {@code value} names (null or empty: none).
   *
   * @throws IllegalArgumentException for any other value
   */
  static InjectedFaults named(String value) {
    if (value == null || value.isEmpty()) {
      return NONE;
    }
    return switch (value) {
      case LIE ->
          new InjectedFaults(
              LyingStateMachine::new, ServedAnswers.HONEST, "signs wrong data in READ replies");
      case LIE_STATE ->
          new InjectedFaults(
              UnaryOperator.identity(),
              new LyingCheckpointServer(),
              "serves wrong digests and objects to peers that fetch state from it");
      case DIVERGE ->
          new InjectedFaults(
              DivergingStateMachine::new,
              ServedAnswers.HONEST,
              "changes the root directory's mode once, after its first change, unlike the others");
      default ->
          throw new IllegalArgumentException(
              "must be '"
                  + LIE
                  + "', '"
                  + LIE_STATE
                  + "' or '"
                  + DIVERGE
                  + "' (fault-injection tests only), not '"
                  + value
                  + "'");
    };
  }
}
