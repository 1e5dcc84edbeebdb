package org.bftnfs.replication.ordering;

/** A running replica of the ordering engine; {@link #close} stops it and frees its ports. */
public interface OrderingReplica extends AutoCloseable {

  int id();

  @Override
  void close();
}
