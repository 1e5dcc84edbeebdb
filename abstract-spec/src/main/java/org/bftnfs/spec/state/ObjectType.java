package org.bftnfs.spec.state;

/**
 * The kinds of abstract objects (paper §3.1), with their {@code ftype3} codes. {@link #FREE} marks
 * an unused entry of the state array and has code 0, which no {@code ftype3} uses.
 */
public enum ObjectType {
  FREE(0),
  FILE(1),
  DIRECTORY(2),
  SYMLINK(5);

  private final int code;

  ObjectType(int code) {
    this.code = code;
  }

  /** The {@code ftype3} value (0 for FREE), also the tag of the canonical encoding. */
  public int code() {
    return code;
  }
}
