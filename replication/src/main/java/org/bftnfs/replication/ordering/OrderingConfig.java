package org.bftnfs.replication.ordering;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the ordering engine needs to know about the group: the 3f+1 replicas, f, where the engine's
 * own replica-to-replica keys are, and its timing.
 *
 * @param replicas every replica, ids 0..n-1 in order
 * @param f faults tolerated; {@code replicas.size() >= 3f+1}
 * @param keyDirectory directory with the engine's key files ({@link EngineKeys})
 * @param leaderTimeout how long a request may wait for ordering before the replicas suspect the
 *     leader (a leader change takes about twice this)
 * @param checkpointPeriod consensus instances between the engine's snapshots
 * @param checkpointBytes bytes of ordered requests after which a snapshot is taken before the
 *     period ends (the engine keeps the requests since its last snapshot in memory)
 */
public record OrderingConfig(
    List<ReplicaAddress> replicas,
    int f,
    Path keyDirectory,
    Duration leaderTimeout,
    int checkpointPeriod,
    long checkpointBytes) {

  /** The byte bound of the log unless configured otherwise: 32 MiB. */
  public static final long DEFAULT_CHECKPOINT_BYTES = 32L << 20;

  /** A configuration with the default byte bound ({@link #DEFAULT_CHECKPOINT_BYTES}). */
  public OrderingConfig(
      List<ReplicaAddress> replicas,
      int f,
      Path keyDirectory,
      Duration leaderTimeout,
      int checkpointPeriod) {
    this(replicas, f, keyDirectory, leaderTimeout, checkpointPeriod, DEFAULT_CHECKPOINT_BYTES);
  }

  public OrderingConfig {
    replicas = List.copyOf(replicas);
    if (f < 0 || replicas.size() < 3 * f + 1) {
      throw new IllegalArgumentException(
          replicas.size() + " replicas cannot tolerate " + f + " faults (need 3f+1)");
    }
    if (checkpointBytes < 1) {
      throw new IllegalArgumentException("checkpoint byte bound must be positive");
    }
    for (int i = 0; i < replicas.size(); i++) {
      if (replicas.get(i).id() != i) {
        throw new IllegalArgumentException("replica ids must be 0.." + (replicas.size() - 1));
      }
    }
  }

  public int n() {
    return replicas.size();
  }
}
