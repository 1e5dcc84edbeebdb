package org.bftnfs.bench.output;

import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for trees of {@link Map} (string keys, kept in order), {@link List}, {@link
 * String}, {@link Number}, {@link Boolean} and null. NaN and infinities, which JSON cannot hold,
 * are written as null.
 */
final class Json {

  private Json() {}

  /** {@code value} as indented JSON text. */
  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object v, int depth) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Double d) {
      b.append(d.isNaN() || d.isInfinite() ? "null" : number(d));
    } else if (v instanceof Float f) {
      write(b, f.doubleValue(), depth);
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      object(b, m, depth);
    } else if (v instanceof List<?> l) {
      array(b, l, depth);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void object(StringBuilder b, Map<?, ?> m, int depth) {
    if (m.isEmpty()) {
      b.append("{}");
      return;
    }
    b.append("{\n");
    int i = 0;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      indent(b, depth + 1);
      string(b, (String) e.getKey());
      b.append(": ");
      write(b, e.getValue(), depth + 1);
      b.append(++i < m.size() ? ",\n" : "\n");
    }
    indent(b, depth);
    b.append('}');
  }

  private static void array(StringBuilder b, List<?> l, int depth) {
    if (l.isEmpty()) {
      b.append("[]");
      return;
    }
    b.append("[\n");
    for (int i = 0; i < l.size(); i++) {
      indent(b, depth + 1);
      write(b, l.get(i), depth + 1);
      b.append(i + 1 < l.size() ? ",\n" : "\n");
    }
    indent(b, depth);
    b.append(']');
  }

  private static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  private static void indent(StringBuilder b, int depth) {
    b.append("  ".repeat(depth));
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
