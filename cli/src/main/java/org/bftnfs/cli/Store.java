package org.bftnfs.cli;

import org.bftnfs.spec.upcall.StateMachine;

/**
 * The implementation of the specification one process runs — {@code bftnfs serve} behind its relay,
 * or a replica behind its ordering engine: the state machine that executes each call, where its
 * state lives, and how it stops. Opened by kind on a data directory by {@link Stores}.
 */
interface Store {

  /** The upcalls the service runs, one call at a time. */
  StateMachine machine();

  /** One line (without the {@code note: } prefix) saying where the state lives. */
  String note();

  /**
   * Stops the implementation, keeping its state when it is persistent.
   *
   * @param quiescent true when no execution is running or queued any more; the state is only saved
   *     then
   * @throws CommandFailedException when the state could not be kept
   */
  void close(boolean quiescent) throws CommandFailedException;
}
