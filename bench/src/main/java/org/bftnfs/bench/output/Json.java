package org.bftnfs.bench.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes trees of {@link Map} (string keys, kept in order), {@link List}, {@link String}, {@link
 * Number}, {@link Boolean} and null as indented JSON text, with Jackson. NaN and infinities, which
 * JSON cannot hold, are written as null; a whole double below 10^15 is written as an integer.
 */
final class Json {

  /** Immutable and thread-safe once built. */
  private static final ObjectWriter WRITER = new ObjectMapper().writer(printer());

  private Json() {}

  /** {@code value} as indented JSON text, ending with a newline. */
  static String write(Object value) {
    try {
      return WRITER.writeValueAsString(node(value)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Two spaces per level, {@code "key": value}, arrays one element a line, empty as {} and []. */
  private static DefaultPrettyPrinter printer() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  private static JsonNode node(Object v) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (v == null) {
      return nodes.nullNode();
    } else if (v instanceof String s) {
      return nodes.textNode(s);
    } else if (v instanceof Float f) {
      return number(f.doubleValue());
    } else if (v instanceof Double d) {
      return number(d);
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte) {
      return nodes.numberNode(((Number) v).longValue());
    } else if (v instanceof Number n) {
      return nodes.numberNode(new BigDecimal(n.toString()));
    } else if (v instanceof Boolean b) {
      return nodes.booleanNode(b);
    } else if (v instanceof Map<?, ?> m) {
      ObjectNode object = nodes.objectNode();
      m.forEach((key, value) -> object.set((String) key, node(value)));
      return object;
    } else if (v instanceof List<?> l) {
      ArrayNode array = nodes.arrayNode();
      l.forEach(element -> array.add(node(element)));
      return array;
    }
    throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
  }

  private static JsonNode number(double d) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (d != d || Double.isInfinite(d)) {
      return nodes.nullNode();
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return nodes.numberNode((long) d);
    }
    return nodes.numberNode(d);
  }
}
