package org.bftnfs.statetransfer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One peer replica as a source of the checkpoint being fetched: the caller's side of the fetch
 * protocol (over the network in the replica, in memory in tests). Answers are not trusted: {@link
 * Fetcher} verifies each against the digest vouched from above.
 *
 * <p>Thread-safety: called on the thread that runs {@link Fetcher#fetch}, one call at a time.
 */
public interface StateSource {

  /**
   * The digests of the {@code fanout} children of inner node {@code (level, index)} of the
   * checkpoint, child 0 first (what a correct peer answers with {@link TreeView#children}), or null
   * if this peer cannot answer (it does not hold the checkpoint, it is unreachable, it timed out).
   */
  List<Digest> children(int level, int index);

  /**
   * The value (canonical encoding) of object {@code index} as of the checkpoint, or null if this
   * peer cannot answer.
   */
  byte[] object(int index);

  /**
   * Writes the value of object {@code index} as of the checkpoint to {@code out} as it arrives, so
   * that a large value is never held whole; returns false if this peer cannot answer (what it wrote
   * before is then worthless). The default writes {@link #object(int)} in one piece; a remote
   * source streams the value in parts.
   *
   * @throws IOException only when {@code out} fails
   */
  default boolean object(int index, OutputStream out) throws IOException {
    byte[] value = object(index);
    if (value == null) {
      return false;
    }
    out.write(value);
    return true;
  }
}
