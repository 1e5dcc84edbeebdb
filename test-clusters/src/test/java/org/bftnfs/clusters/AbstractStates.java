package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bftnfs.replication.config.ClusterConfig;

/**
 * The check at the end of a cluster test (paper §2.1, §3.3): after a clean stop, every listed
 * replica's abstract state — {@code getObj} of every entry, read offline — is identical, although
 * the replicas run different implementations.
 */
final class AbstractStates {

  private AbstractStates() {}

  /**
   * Asserts that replicas {@code ids} of {@code config} hold identical abstract states.
   *
   * @return the states read (in the order of {@code ids})
   */
  static List<OfflineState> assertIdentical(ClusterConfig config, int... ids) {
    long start = System.nanoTime();
    List<OfflineState> states = new ArrayList<>();
    for (int id : ids) {
      states.add(OfflineState.read(config.replicas().get(id), config.spec()));
    }
    OfflineState first = states.get(0);
    for (OfflineState other : states.subList(1, states.size())) {
      assertThat(other.differences(first, 5))
          .as(
              "entries where replica %d's abstract state differs from replica %d's",
              other.replica(), first.replica())
          .isEmpty();
    }
    System.out.printf(
        "abstract states of replicas %s identical: %d of %d entries in use (read offline in %d"
            + " ms)%n",
        java.util.Arrays.toString(ids),
        first.inUse(),
        first.objects().size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return states;
  }
}
