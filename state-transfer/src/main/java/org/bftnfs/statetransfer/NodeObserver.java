package org.bftnfs.statetransfer;

/**
 * Told by {@link PartitionTree} just before it replaces the stored digest of a node, with the
 * digest the node had until then (its level's empty digest if none was stored). The copy-on-write
 * of tree nodes in {@link CheckpointStore} is built on it.
 *
 * <p>Thread-safety: called on the thread that computes the root.
 */
@FunctionalInterface
interface NodeObserver {

  /** Observes nothing. */
  NodeObserver NONE = (level, index, previous) -> {};

  /** Node {@code (level, index)} is about to change from {@code previous}. */
  void beforeChange(int level, int index, Digest previous);
}
