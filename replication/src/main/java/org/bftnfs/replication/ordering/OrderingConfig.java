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
 * @param checkpointPeriod ordered requests between the engine's snapshots
 */
public record OrderingConfig(
    List<ReplicaAddress> replicas,
    int f,
    Path keyDirectory,
    Duration leaderTimeout,
    int checkpointPeriod) {

  public OrderingConfig {
    replicas = List.copyOf(replicas);
    if (f < 0 || replicas.size() < 3 * f + 1) {
      throw new IllegalArgumentException(
          replicas.size() + " replicas cannot tolerate " + f + " faults (need 3f+1)");
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
