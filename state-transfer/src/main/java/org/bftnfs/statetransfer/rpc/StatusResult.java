package org.bftnfs.statetransfer.rpc;

/** A procedure's result that starts with the protocol's status word. */
interface StatusResult {

  /** The decoded status ({@link StateTransferProgram#OK} or another). */
  int status();
}
