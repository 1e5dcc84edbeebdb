package org.bftnfs.xdr;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * Field-by-field comparison of generated XDR objects, which do not override {@code equals}. Arrays
 * are compared by content, nested objects (including linked-list successors) recursively, and every
 * instance field of the class takes part, public or not.
 */
final class XdrDeepEquals {

  private XdrDeepEquals() {}

  /**
   * A description of the first difference between {@code expected} and {@code actual}, with the
   * field path leading to it, or empty when they are equal.
   */
  static Optional<String> firstDifference(Object expected, Object actual) {
    String root = expected != null ? expected.getClass().getSimpleName() : "value";
    return difference(expected, actual, root);
  }

  private static Optional<String> difference(Object expected, Object actual, String path) {
    if (expected == null || actual == null) {
      return expected == actual
          ? Optional.empty()
          : Optional.of(path + ": expected " + describe(expected) + " but was " + describe(actual));
    }
    Class<?> type = expected.getClass();
    if (type != actual.getClass()) {
      return Optional.of(
          path + ": expected a " + type.getName() + " but was a " + actual.getClass().getName());
    }
    if (type.isArray()) {
      int length = Array.getLength(expected);
      if (length != Array.getLength(actual)) {
        return Optional.of(
            path + ": expected length " + length + " but was " + Array.getLength(actual));
      }
      for (int i = 0; i < length; i++) {
        Optional<String> d =
            difference(Array.get(expected, i), Array.get(actual, i), path + "[" + i + "]");
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (type.isPrimitive()
        || expected instanceof Number
        || expected instanceof Boolean
        || expected instanceof Character
        || expected instanceof String) {
      return expected.equals(actual)
          ? Optional.empty()
          : Optional.of(path + ": expected " + expected + " but was " + actual);
    }
    if (!type.getName().startsWith("org.bftnfs.xdr.")) {
      throw new IllegalArgumentException(
          "no deep comparison for " + type.getName() + " at " + path);
    }
    for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        if (!f.trySetAccessible()) {
          throw new IllegalStateException("cannot read " + f);
        }
        Optional<String> d;
        try {
          d = difference(f.get(expected), f.get(actual), path + "." + f.getName());
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (d.isPresent()) {
          return d;
        }
      }
    }
    return Optional.empty();
  }

  private static String describe(Object o) {
    return o == null ? "null" : "a " + o.getClass().getSimpleName();
  }
}
