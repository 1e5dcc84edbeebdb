package org.bftnfs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), enough for what {@code
 * bftnfs status} reads from a replica's metrics: {@code # HELP}, {@code # TYPE} and comment lines
 * are skipped; every other non-blank line must be a sample {@code name{label="value",...} value
 * [timestamp]}. Anything else is refused with the line's number (the Prometheus Java client writes
 * this format but has no reader).
 */
final class MetricsText {

  /** One sample: metric name, labels (sorted by name), value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** The text is not in the format; the message names the line and what is wrong. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /** Lines longer than this are refused (a replica writes short ones). */
  static final int MAX_LINE = 64 * 1024;

  private MetricsText() {}

  /** Every sample of {@code text}, in order. */
  static List<Sample> parse(String text) throws Malformed {
    List<Sample> samples = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.length() > MAX_LINE) {
        throw new Malformed("line " + (i + 1) + " is longer than " + MAX_LINE + " characters");
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(new LineReader(line).sample());
      } catch (Malformed m) {
        throw new Malformed("line " + (i + 1) + ": " + m.getMessage());
      }
    }
    return samples;
  }

  /** Reads one sample line. */
  private static final class LineReader {
    private final String line;
    private int at;

    LineReader(String line) {
      this.line = line;
    }

    Sample sample() throws Malformed {
      String name = name(true);
      Map<String, String> labels = new TreeMap<>();
      if (at < line.length() && line.charAt(at) == '{') {
        at++;
        labels(labels);
      }
      if (!blank()) {
        throw new Malformed("no space before the value of " + name);
      }
      String value = word();
      double v = number(value, name);
      if (at < line.length()) {
        String timestamp = word();
        try {
          Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
          throw new Malformed("bad timestamp '" + timestamp + "' of " + name);
        }
        if (at < line.length()) {
          throw new Malformed("unexpected text after the timestamp of " + name);
        }
      }
      return new Sample(name, Map.copyOf(labels), v);
    }

    private void labels(Map<String, String> labels) throws Malformed {
      while (true) {
        if (at < line.length() && line.charAt(at) == '}') {
          at++;
          return;
        }
        String label = name(false);
        expect('=');
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
          if (at >= line.length()) {
            throw new Malformed("unterminated value of label " + label);
          }
          char c = line.charAt(at++);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (at >= line.length()) {
              throw new Malformed("unterminated escape in label " + label);
            }
            char e = line.charAt(at++);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new Malformed("bad escape \\" + e + " in label " + label);
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) {
          throw new Malformed("label " + label + " twice");
        }
        if (at < line.length() && line.charAt(at) == ',') {
          at++;
        } else if (at >= line.length() || line.charAt(at) != '}') {
          throw new Malformed("expected , or } after label " + label);
        }
      }
    }

    /** A metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) or label name (no colons). */
    private String name(boolean metric) throws Malformed {
      int start = at;
      while (at < line.length()) {
        char c = line.charAt(at);
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        boolean ok = letter || (metric && c == ':') || (at > start && c >= '0' && c <= '9');
        if (!ok) {
          break;
        }
        at++;
      }
      if (at == start) {
        throw new Malformed("expected a " + (metric ? "metric" : "label") + " name at " + at);
      }
      return line.substring(start, at);
    }

    private void expect(char c) throws Malformed {
      if (at >= line.length() || line.charAt(at) != c) {
        throw new Malformed("expected '" + c + "' at " + at);
      }
      at++;
    }

    /** Skips spaces and tabs; whether there were any. */
    private boolean blank() {
      int start = at;
      while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
        at++;
      }
      return at > start;
    }

    private String word() {
      int start = at;
      while (at < line.length() && line.charAt(at) != ' ' && line.charAt(at) != '\t') {
        at++;
      }
      String w = line.substring(start, at);
      blank();
      return w;
    }

    private static double number(String s, String name) throws Malformed {
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
      if (s.isEmpty() || !s.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
        throw new Malformed("bad value '" + s + "' of " + name);
      }
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new Malformed("bad value '" + s + "' of " + name);
      }
    }
  }
}
