package org.bftnfs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the checkpoint roots replicas report ({@link ScrapedMetrics#roots}): correct replicas
 * have the same root for the same checkpoint number, so a replica whose root differs at some number
 * is faulty (or the others are). A cheap detection for operators; the replicas vouch for nothing
 * here.
 */
final class CheckpointAgreement {

  /** How many hex digits of a root are printed. */
  static final int PREFIX = 8;

  private CheckpointAgreement() {}

  /**
   * The verdict over what each replica keeps ({@code roots.get(i)}: replica i's number to root).
   *
   * @return {@link Verdict#disagreements} one line per checkpoint number whose roots differ (the
   *     replicas that differ from the most common root named); {@link Verdict#summary} one line
   *     saying what agreed, or that nothing could be compared
   */
  static Verdict compare(SortedMap<Integer, SortedMap<Long, String>> roots) {
    SortedMap<Long, SortedMap<String, TreeSet<Integer>>> byNumber = new TreeMap<>();
    for (Map.Entry<Integer, SortedMap<Long, String>> replica : roots.entrySet()) {
      for (Map.Entry<Long, String> c : replica.getValue().entrySet()) {
        if (c.getKey() < 0) {
          continue; // the state a replica started from (its own disk), not an agreed point
        }
        byNumber
            .computeIfAbsent(c.getKey(), k -> new TreeMap<>())
            .computeIfAbsent(c.getValue(), k -> new TreeSet<>())
            .add(replica.getKey());
      }
    }
    List<String> disagreements = new ArrayList<>();
    long comparedNumber = -1;
    TreeSet<Integer> comparedReplicas = new TreeSet<>();
    String comparedRoot = null;
    for (Map.Entry<Long, SortedMap<String, TreeSet<Integer>>> n : byNumber.entrySet()) {
      SortedMap<String, TreeSet<Integer>> groups = n.getValue();
      int holders = groups.values().stream().mapToInt(TreeSet::size).sum();
      if (holders < 2) {
        continue;
      }
      if (groups.size() > 1) {
        disagreements.add(disagreement(n.getKey(), groups));
      } else if (holders >= comparedReplicas.size()) {
        comparedNumber = n.getKey();
        comparedReplicas = groups.values().iterator().next();
        comparedRoot = groups.firstKey();
      }
    }
    String summary;
    if (!disagreements.isEmpty()) {
      summary = "checkpoint roots DISAGREE (a replica's state differs from the others')";
    } else if (comparedRoot == null) {
      summary = "checkpoint roots: no checkpoint kept by two replicas to compare";
    } else {
      summary =
          "checkpoint roots agree: checkpoint "
              + comparedNumber
              + " has root "
              + prefix(comparedRoot)
              + " at "
              + replicas(comparedReplicas)
              + " (every checkpoint kept by two or more replicas compared)";
    }
    return new Verdict(List.copyOf(disagreements), summary);
  }

  /** The outcome: lines naming disagreements (empty when none), and a summary line. */
  record Verdict(List<String> disagreements, String summary) {
    boolean agree() {
      return disagreements.isEmpty();
    }
  }

  private static String disagreement(long number, SortedMap<String, TreeSet<Integer>> groups) {
    String common = null;
    for (Map.Entry<String, TreeSet<Integer>> g : groups.entrySet()) {
      if (common == null || g.getValue().size() > groups.get(common).size()) {
        common = g.getKey();
      }
    }
    boolean tie = false;
    for (Map.Entry<String, TreeSet<Integer>> g : groups.entrySet()) {
      tie |= !g.getKey().equals(common) && g.getValue().size() == groups.get(common).size();
    }
    StringBuilder s = new StringBuilder("checkpoint " + number + ": roots differ: ");
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, TreeSet<Integer>> g : groups.entrySet()) {
      if (tie || !g.getKey().equals(common)) {
        parts.add(replicas(g.getValue()) + " " + has(g.getValue()) + " " + prefix(g.getKey()));
      }
    }
    s.append(String.join(", ", parts));
    if (!tie) {
      s.append(" where ")
          .append(replicas(groups.get(common)))
          .append(' ')
          .append(has(groups.get(common)))
          .append(' ')
          .append(prefix(common));
    }
    return s.toString();
  }

  /** The first {@value #PREFIX} hex digits of a root. */
  static String prefix(String root) {
    return root.length() <= PREFIX ? root : root.substring(0, PREFIX);
  }

  private static String replicas(TreeSet<Integer> ids) {
    List<String> names = ids.stream().map(String::valueOf).toList();
    return (ids.size() == 1 ? "replica " : "replicas ") + String.join(", ", names);
  }

  private static String has(TreeSet<Integer> ids) {
    return ids.size() == 1 ? "has" : "have";
  }
}
