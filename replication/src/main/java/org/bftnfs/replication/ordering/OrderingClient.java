package org.bftnfs.replication.ordering;

/**
 * The client side of the ordering engine: sends requests to the replicas and hands back every
 * reply, as it arrives. It counts nothing: the caller decides when enough matching, authenticated
 * replies have arrived (paper §2.2: {@code invoke} "returns the result when enough replicas have
 * responded") and then cancels the invocation.
 *
 * <p>Many invocations may be outstanding at once, from any thread. The engine neither times out nor
 * retransmits: the caller does, with a new invocation. A replica that is down must not stall
 * invocations to the others.
 */
public interface OrderingClient extends AutoCloseable {

  /** Receives replies; called on an engine thread that must never block. */
  @FunctionalInterface
  interface ReplyHandler {
    void reply(int replica, byte[] reply);
  }

  /** An invocation in progress. */
  interface Invocation {
    /** Stops delivering replies and frees the engine's bookkeeping. Idempotent. */
    void cancel();
  }

  /**
   * Sends {@code request}: ordered (every correct replica executes it in the agreed order), or
   * unordered (read-only, answered by each replica from its current state).
   */
  Invocation invoke(byte[] request, boolean unordered, ReplyHandler replies);

  /** Number of replicas and faults tolerated. */
  int n();

  int f();

  @Override
  void close();
}
