package org.bftnfs.bench.output;

import java.util.List;
import java.util.Locale;

/** Markdown building blocks for the report: tables, numbers, ratios. */
final class Md {

  private final StringBuilder b;

  Md(StringBuilder b) {
    this.b = b;
  }

  /** The text written so far goes here. */
  StringBuilder out() {
    return b;
  }

  /** A table's header row and separator. */
  void header(String first, List<String> columns) {
    b.append("| ")
        .append(first)
        .append(" | ")
        .append(String.join(" | ", columns))
        .append(" |\n|---");
    b.append("|---".repeat(columns.size())).append("|\n");
  }

  /** A table row. */
  void line(String first, List<String> cells) {
    b.append("| ").append(first).append(" | ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** "×1.23", or nothing for a ratio that does not exist. */
  static String ratio(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? "" : "×" + f(d, 2);
  }

  /** A number with grouping and {@code decimals} decimals; nothing for NaN. */
  static String f(double d, int decimals) {
    if (Double.isNaN(d)) {
      return "";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", d);
  }
}
