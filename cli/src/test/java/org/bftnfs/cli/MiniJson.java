package org.bftnfs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For tests: a strict little JSON parser (objects, arrays, strings with escapes, numbers, true,
 * false, null), enough to check that a file is well-formed JSON and to read values from it.
 */
final class MiniJson {

  private final String s;
  private int at;

  private MiniJson(String s) {
    this.s = s;
  }

  /** The value of a JSON text; throws IllegalArgumentException where it is not JSON. */
  static Object parse(String text) {
    MiniJson p = new MiniJson(text);
    Object v = p.value();
    p.blank();
    if (p.at != text.length()) {
      throw p.error("text after the value");
    }
    return v;
  }

  private Object value() {
    blank();
    if (at >= s.length()) {
      throw error("end of text");
    }
    char c = s.charAt(at);
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"') {
      return string();
    }
    for (String word : List.of("true", "false", "null")) {
      if (s.startsWith(word, at)) {
        at += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = at;
    while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
      at++;
    }
    if (start == at) {
      throw error("unexpected '" + c + "'");
    }
    return Double.parseDouble(s.substring(start, at));
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    at++;
    blank();
    if (s.charAt(at) == '}') {
      at++;
      return m;
    }
    while (true) {
      blank();
      String key = string();
      blank();
      expect(':');
      m.put(key, value());
      blank();
      if (s.charAt(at) == '}') {
        at++;
        return m;
      }
      expect(',');
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    at++;
    blank();
    if (s.charAt(at) == ']') {
      at++;
      return l;
    }
    while (true) {
      l.add(value());
      blank();
      if (s.charAt(at) == ']') {
        at++;
        return l;
      }
      expect(',');
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(at++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = s.charAt(at++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
            at += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
  }

  private void expect(char c) {
    if (at >= s.length() || s.charAt(at) != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private void blank() {
    while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not JSON at offset " + at + ": " + what);
  }
}
