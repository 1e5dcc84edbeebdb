package org.bftnfs.statetransfer;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a fetch found: the objects whose value at the fetched checkpoint differs from the local
 * state, and how it went.
 *
 * <p>Thread-safety: the sets are unmodifiable; {@link #objects} belongs to the receiver, which
 * installs the values with {@code putObjs} and then closes it (deleting what it spilled).
 *
 * @param objects the value at the checkpoint of exactly the objects that differ locally (free ones
 *     with the free encoding), in memory or spilled to disk
 * @param faulty peers that answered with something that does not match the vouched digests
 * @param silent peers that could not answer a request (not blamed, not asked again)
 * @param objectsFetched objects asked from peers and verified (free ones need no request)
 * @param bytesFetched bytes of those objects' values
 * @param nodesFetched inner nodes whose children were asked from peers and verified
 */
public record FetchResult(
    SpilledValues objects,
    SortedSet<Integer> faulty,
    SortedSet<Integer> silent,
    int objectsFetched,
    long bytesFetched,
    int nodesFetched) {

  /** A result; the sets are copied into unmodifiable ones. */
  public FetchResult {
    Objects.requireNonNull(objects, "objects");
    faulty = Collections.unmodifiableSortedSet(new TreeSet<>(faulty));
    silent = Collections.unmodifiableSortedSet(new TreeSet<>(silent));
  }

  /** The bytes of digests received: {@code nodesFetched × fanout × 32}. */
  public long digestBytes(TreeShape shape) {
    return (long) nodesFetched * shape.fanout() * Digest.LENGTH;
  }
}
