package org.bftnfs.clusters;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a replica's log says about its proactive recoveries (paper §4): one line per recovery, with
 * whether it rejoined and the objects it fetched from its peers.
 */
record Recoveries(int number, long millis, boolean rejoined, long objectsFetched) {

  private static final Pattern LINE =
      Pattern.compile(
          "proactive recovery (\\d+) done in (\\d+) ms: (rejoined|NOT rejoined), fetched (\\d+)"
              + " objects");

  /** Every recovery a replica's output reports, in order. */
  static List<Recoveries> in(String output) {
    List<Recoveries> found = new ArrayList<>();
    Matcher m = LINE.matcher(output);
    while (m.find()) {
      found.add(
          new Recoveries(
              Integer.parseInt(m.group(1)),
              Long.parseLong(m.group(2)),
              m.group(3).equals("rejoined"),
              Long.parseLong(m.group(4))));
    }
    return found;
  }
}
