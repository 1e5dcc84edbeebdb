package org.bftnfs.spec.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A directory entry name: an immutable byte string ordered lexicographically by unsigned bytes
 * (paper §3.1: "a sequence of &lt;name, oid&gt; pairs ordered lexicographically"). Names are never
 * decoded with a charset, so two different byte strings are always two different names.
 */
public final class Name implements Comparable<Name> {

  private final byte[] bytes;

  private Name(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A name holding a copy of {@code bytes}. */
  public static Name of(byte[] bytes) {
    return new Name(bytes.clone());
  }

  /** A name from a UTF-8 string (tests and tools). */
  public static Name of(String s) {
    return new Name(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public int compareTo(Name o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Name n && Arrays.equals(bytes, n.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The name as UTF-8 text, invalid sequences replaced (for messages only). */
  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
