package org.bftnfs.statetransfer.rpc;

import org.bftnfs.statetransfer.SignedStatement;

/**
 * Where a {@link StateTransferServer} finds what it answers to STATEMENT: the replica's own signed
 * statement of a checkpoint it keeps. Called with the server's lock held (the lock the replica
 * holds while it takes or installs checkpoints).
 */
@FunctionalInterface
public interface StatementSource {

  /**
   * The replica's signed statement of checkpoint {@code seq}, or null when it keeps no signed
   * statement of it (never taken, discarded, or not signed).
   */
  SignedStatement statement(long seq);

  /** A replica that signs nothing: every STATEMENT answers NOT_HELD. */
  StatementSource NONE = seq -> null;
}
