package org.bftnfs.statetransfer.rpc;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.bftnfs.statetransfer.SignedStatement;

/**
 * One peer's {@link StateTransferServer} asked for its signed checkpoint statements (STATEMENT):
 * the client side of checkpoint certificates.
 *
 * <p>It connects over TCP on the first call (and again after a failure), each call bounded by the
 * timeout as for {@link RemoteStateSource}. Any failure answers null and is logged at debug: the
 * peer is down, slow or does not keep the checkpoint (NOT_HELD), the RPC failed, or the reply does
 * not decode (a signature longer than {@link StateTransferProgram#MAX_SIGNATURE}, bytes left over).
 * It never throws from {@link #statement}. It verifies only the form of the reply: whether the
 * signature is the peer's is for the caller to check with the peer's public key.
 *
 * <p>Thread-safety: safe (calls are serialised on this object).
 */
public final class RemoteStatements implements AutoCloseable {

  private final RpcPeer connection;

  /**
   * @param peer the peer's {@link StateTransferServer} address
   * @param timeout the bound on connecting and on each call; positive
   */
  public RemoteStatements(InetSocketAddress peer, Duration timeout) {
    this.connection = new RpcPeer(peer, timeout);
  }

  /**
   * The peer's signed statement of its checkpoint {@code seq} (its root and its signature), or null
   * when it sent none (see the class documentation). Unverified.
   */
  public synchronized SignedStatement statement(long seq) {
    StatementResult result = new StatementResult(seq);
    return connection.call(
            StateTransferProgram.STATEMENT,
            new StatementArgs(seq),
            result,
            "STATEMENT(" + seq + ")")
        ? result.statement
        : null;
  }

  /** Closes the connection, if any. It may still be used: it connects again. */
  @Override
  public synchronized void close() {
    connection.disconnect();
  }
}
