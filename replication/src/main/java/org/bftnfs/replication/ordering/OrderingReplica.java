package org.bftnfs.replication.ordering;

/** A running replica of the ordering engine; {@link #close} stops it and frees its ports. */
public interface OrderingReplica extends AutoCloseable {

  int id();

  /**
   * Completes, with the reason, when the replica stopped on its own (fail-stop: its application
   * failed, or its engine stopped executing); never completes for a replica that is closed.
   */
  java.util.concurrent.CompletionStage<String> failure();

  /**
   * Replaces this replica's state with the one its peers hold, in place (paper §3.4), when it is
   * known to be wrong: execution pauses, the state f+1 peers executed up to (at least as far as
   * this replica) is installed — the application fetches only the objects that differ — and the
   * requests ordered after it are replayed. Returns whether the repair started (not when the
   * replica is starting, already fetching state or stopped); it completes asynchronously.
   */
  boolean repairState();

  @Override
  void close();
}
