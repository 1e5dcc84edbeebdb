package org.bftnfs.replication.ordering;

/** A running replica of the ordering engine; {@link #close} stops it and frees its ports. */
public interface OrderingReplica extends AutoCloseable {

  int id();

  /**
   * Completes, with the reason, when the replica stopped on its own (fail-stop: its application
   * failed, or its engine stopped executing); never completes for a replica that is closed.
   */
  java.util.concurrent.CompletionStage<String> failure();

  @Override
  void close();
}
