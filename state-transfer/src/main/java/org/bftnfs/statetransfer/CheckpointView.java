package org.bftnfs.statetransfer;

/**
 * One checkpoint of a {@link CheckpointStore}, as a tree with values: what a replica serves to a
 * replica that fetches state (children's digests and objects' values as of the checkpoint), while
 * its own state runs ahead.
 *
 * <p>Thread-safety: as its store (single-threaded, externally synchronised). Every method fails
 * with {@link IllegalArgumentException} once the checkpoint is discarded.
 */
public final class CheckpointView implements TreeView {

  private final CheckpointStore store;
  private final long seq;

  CheckpointView(CheckpointStore store, long seq) {
    this.store = store;
    this.seq = seq;
  }

  /** The checkpoint's sequence number. */
  public long seq() {
    return seq;
  }

  @Override
  public TreeShape shape() {
    return store.shape();
  }

  @Override
  public Digest node(int level, int index) {
    return store.nodeAt(seq, level, index);
  }

  /**
   * Part of the value of object {@code index} as of the checkpoint ({@link
   * CheckpointStore#partAt}).
   */
  public CheckpointStore.ValuePart part(int index, long offset, int count) {
    return store.partAt(seq, index, offset, count);
  }

  /** The value of object {@code index} as of the checkpoint (a copy). */
  public byte[] value(int index) {
    return store.valueAt(seq, index);
  }
}
