package org.bftnfs.clusters;

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
}
