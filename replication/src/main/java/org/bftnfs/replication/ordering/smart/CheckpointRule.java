package org.bftnfs.replication.ordering.smart;

/**
 * When the replica takes a checkpoint in the order (the engine's snapshot and, through it, the
 * application's — paper §2.2): after the last request of consensus instance {@code cid} when {@code
 * cid} is a multiple of the period, or earlier when the requests ordered since the last checkpoint
 * reach {@code maxLoggedBytes}.
 *
 * <p>The engine keeps every request ordered since its last checkpoint in memory (to bring a replica
 * that fell behind up to date by replaying them), so the period alone bounds that log by the period
 * times the largest batch: 128 instances of four 1 MiB WRITEs each would need 512 MiB in every
 * replica, and a client copying files in does exactly that. The byte bound keeps the log, and the
 * state a peer sends a replica that catches up, at most {@code maxLoggedBytes} plus one batch.
 *
 * <p><b>Determinism.</b> Both inputs are the same at every correct replica at the same point: the
 * instance number, and the bytes of the requests ordered in the instances since the last checkpoint
 * (a replica that installed a peer's state counts the requests of the log it installed), so every
 * correct replica checkpoints after the same instances — which the engine's state transfer and the
 * checkpoint certificates rely on.
 *
 * @param period consensus instances between checkpoints when the byte bound is not reached
 * @param maxLoggedBytes the bytes of ordered requests after which a checkpoint is taken early
 */
record CheckpointRule(int period, long maxLoggedBytes) {

  CheckpointRule {
    if (period < 1) {
      throw new IllegalArgumentException("checkpoint period must be positive: " + period);
    }
    if (maxLoggedBytes < 1) {
      throw new IllegalArgumentException(
          "checkpoint byte bound must be positive: " + maxLoggedBytes);
    }
  }

  /**
   * Whether a checkpoint follows instance {@code cid}, whose requests bring the bytes ordered since
   * the last checkpoint to {@code loggedBytes}. Instance 0 never is one (as in the engine).
   */
  boolean checkpointAfter(int cid, long loggedBytes) {
    return cid > 0 && (cid % period == 0 || loggedBytes >= maxLoggedBytes);
  }
}
