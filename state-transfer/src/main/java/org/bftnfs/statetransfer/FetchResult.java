package org.bftnfs.statetransfer;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a fetch found: the objects whose value at the fetched checkpoint differs from the local
 * state, and how it went.
 *
 * <p>Thread-safety: immutable (the maps and sets are unmodifiable; the value arrays belong to the
 * receiver, which hands them to {@code putObjs}).
 *
 * @param objects index → value at the checkpoint, for exactly the objects that differ locally (free
 *     ones with the free encoding), ascending
 * @param faulty peers that answered with something that does not match the vouched digests
 * @param silent peers that could not answer a request (not blamed, not asked again)
 * @param objectsFetched objects asked from peers and verified (free ones need no request)
 * @param bytesFetched bytes of those objects' values
 * @param nodesFetched inner nodes whose children were asked from peers and verified
 */
public record FetchResult(
    SortedMap<Integer, byte[]> objects,
    SortedSet<Integer> faulty,
    SortedSet<Integer> silent,
    int objectsFetched,
    long bytesFetched,
    int nodesFetched) {

  /** A result; the collections are copied into unmodifiable ones. */
  public FetchResult {
    objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
    faulty = Collections.unmodifiableSortedSet(new TreeSet<>(faulty));
    silent = Collections.unmodifiableSortedSet(new TreeSet<>(silent));
  }

  /** The bytes of digests received: {@code nodesFetched × fanout × 32}. */
  public long digestBytes(TreeShape shape) {
    return (long) nodesFetched * shape.fanout() * Digest.LENGTH;
  }
}
