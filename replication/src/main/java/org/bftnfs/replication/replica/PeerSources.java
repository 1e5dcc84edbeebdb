package org.bftnfs.replication.replica;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bftnfs.statetransfer.StateSource;

/**
 * Where a replica that fetches a checkpoint asks for it: its peers, each as a {@link StateSource}
 * for one checkpoint (over the replicas' state-transfer channel in a deployment, in memory in
 * tests). What they answer is not trusted: the fetch verifies it against a vouched root.
 */
public interface PeerSources {

  /** Opens a source per peer (by replica id, this replica excluded) for checkpoint {@code seq}. */
  Opened open(long seq);

  /** The sources opened for one fetch; closing releases their connections. */
  interface Opened extends AutoCloseable {

    /** The sources by replica id. */
    SortedMap<Integer, StateSource> sources();

    @Override
    void close();
  }

  /** No peers (a replica alone, or a test that never fetches): every fetch of a change fails. */
  static PeerSources none() {
    return seq -> of(new TreeMap<>());
  }

  /** Sources that need no closing. */
  static Opened of(SortedMap<Integer, StateSource> sources) {
    SortedMap<Integer, StateSource> view = Collections.unmodifiableSortedMap(sources);
    return new Opened() {
      @Override
      public SortedMap<Integer, StateSource> sources() {
        return view;
      }

      @Override
      public void close() {}
    };
  }
}
