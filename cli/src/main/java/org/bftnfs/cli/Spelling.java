package org.bftnfs.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Near misses for a mistyped option or command: the candidates at most a few edits away (a
 * character left out, added, changed, or two neighbours swapped, as in {@code --prot} for {@code
 * --port}).
 */
final class Spelling {

  private Spelling() {}

  /** The candidates close to {@code typed}, closest first. */
  static List<String> closest(String typed, Collection<String> candidates) {
    String word = strip(typed);
    int most = Math.max(1, word.length() / 3);
    List<String> close = new ArrayList<>();
    for (int d = 1; d <= most; d++) {
      for (String c : candidates) {
        if (distance(word, strip(c)) == d) {
          close.add(c);
        }
      }
    }
    return close;
  }

  private static String strip(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    return s.substring(i);
  }

  /** The edits that turn {@code a} into {@code b} (optimal string alignment distance). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
