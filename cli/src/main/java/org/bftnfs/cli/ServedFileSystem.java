package org.bftnfs.cli;

import org.bftnfs.spec.service.SerialService;

/**
 * The implementation of the specification behind {@code bftnfs serve}'s relay: what executes each
 * call, where its state lives, and how it stops.
 */
interface ServedFileSystem {

  /** The execute upcall the service runs, one call at a time. */
  SerialService.Executable executable();

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
