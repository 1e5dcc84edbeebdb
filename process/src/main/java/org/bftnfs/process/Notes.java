package org.bftnfs.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code bftnfs} command prints before its ready line: {@code note: ...} lines, one of which
 * may name the PIDs of the replicas it started ({@code ... pids [12, 13, 14, 15] ...}, as {@code
 * bftnfs local-cluster} prints them, in replica id order).
 */
public final class Notes {

  /** How a note line starts. */
  public static final String NOTE = "note: ";

  private static final Pattern PIDS = Pattern.compile("pids \\[([0-9, ]+)\\]");

  private Notes() {}

  /** The lines before the first one that starts with {@code prefix} (all when none does). */
  public static List<String> before(List<String> lines, String prefix) {
    List<String> before = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        break;
      }
      before.add(line);
    }
    return before;
  }

  /** The PIDs the note lines among {@code lines} name, in their order (empty when none does). */
  public static List<Long> pids(List<String> lines) {
    List<Long> pids = new ArrayList<>();
    for (String line : lines) {
      Matcher m = PIDS.matcher(line);
      if (line.startsWith(NOTE) && m.find()) {
        for (String pid : m.group(1).split(",")) {
          if (!pid.isBlank()) {
            pids.add(Long.parseLong(pid.strip()));
          }
        }
      }
    }
    return pids;
  }
}
