package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a replica's log says about the checkpoints it installed from its peers (paper §3.4): one
 * line per installation, with the objects fetched and the objects that differed.
 */
record CheckpointInstalls(long checkpoint, int objectsFetched, long bytesFetched, int differed) {

  private static final Pattern LINE =
      Pattern.compile(
          "installed checkpoint (-?\\d+): fetched (\\d+) objects \\((\\d+) bytes\\) and \\d+ tree"
              + " nodes from its peers, (\\d+) objects differed");

  /** Every installation a replica's output reports, in order. */
  static List<CheckpointInstalls> in(String output) {
    List<CheckpointInstalls> found = new ArrayList<>();
    Matcher m = LINE.matcher(output);
    while (m.find()) {
      found.add(
          new CheckpointInstalls(
              Long.parseLong(m.group(1)),
              Integer.parseInt(m.group(2)),
              Long.parseLong(m.group(3)),
              Integer.parseInt(m.group(4))));
    }
    return found;
  }

  /**
   * Asserts that a replica restarted from a clean export filled it by fetching the objects in use
   * at a peer's checkpoint, not the whole abstract state (paper §3.4), and prints what it
   * installed.
   */
  static void assertFilledACleanExport(String test, int replica, String output) {
    List<CheckpointInstalls> installs = in(output);
    System.out.printf("%s: replica %d installed %s%n", test, replica, installs);
    assertThat(installs).as("checkpoints the restarted replica installed").isNotEmpty();
    assertThat(installs.get(0).objectsFetched())
        .as("objects fetched to fill a clean export")
        .isPositive()
        .isLessThan(ProcessCluster.CAPACITY / 2);
  }
}
