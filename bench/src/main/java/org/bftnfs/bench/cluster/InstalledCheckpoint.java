package org.bftnfs.bench.cluster;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a replica logs when it installed a checkpoint fetched from its peers (an INFO line of {@code
 * NfsReplica}): {@code replica I: installed checkpoint N: fetched K objects (B bytes) and T tree
 * nodes from its peers, D objects differed}.
 *
 * @param replica the replica that installed it
 * @param checkpoint the checkpoint's number (a consensus instance)
 * @param objects objects fetched
 * @param bytes bytes of the fetched objects' encodings
 * @param treeNodes tree nodes whose children's digests were fetched
 * @param differed objects whose digest differed from the vouched one
 */
public record InstalledCheckpoint(
    int replica, long checkpoint, long objects, long bytes, long treeNodes, long differed) {

  private static final Pattern LINE =
      Pattern.compile(
          "replica (\\d+): installed checkpoint (-?\\d+): fetched (\\d+) objects \\((\\d+) bytes\\)"
              + " and (\\d+) tree nodes from its peers, (\\d+) objects differed");

  /** The text every such line holds for replica {@code id}, whatever comes before it. */
  static String marker(int id) {
    return "replica " + id + ": installed checkpoint ";
  }

  /** The installed checkpoint a log line reports, if it is such a line. */
  public static Optional<InstalledCheckpoint> parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new InstalledCheckpoint(
            Integer.parseInt(m.group(1)),
            Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)),
            Long.parseLong(m.group(5)),
            Long.parseLong(m.group(6))));
  }

  /** The first checkpoint replica {@code id} reports installing among {@code lines}. */
  public static Optional<InstalledCheckpoint> first(List<String> lines, int id) {
    for (String line : lines) {
      Optional<InstalledCheckpoint> c = parse(line);
      if (c.isPresent() && c.get().replica() == id) {
        return c;
      }
    }
    return Optional.empty();
  }
}
