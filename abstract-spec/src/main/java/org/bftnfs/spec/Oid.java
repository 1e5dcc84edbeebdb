package org.bftnfs.spec;

/**
 * The identifier of an abstract object (paper §3.1): its index in the abstract state array
 * concatenated with the generation number the entry had when the object was assigned to it.
 *
 * <p>An oid is never reused: when an index is assigned to a new object its generation is
 * incremented, so a handle holding an old oid is recognised as stale.
 *
 * @param index position in the abstract state array, {@code 0 <= index < capacity}
 * @param generation generation of the entry when the object was created (unsigned 32 bits)
 */
public record Oid(int index, int generation) {

  /** The root directory: index 0, generation 1, present from the initial state on. */
  public static final Oid ROOT = new Oid(0, 1);

  /**
   * The {@code fileid3} attribute of this object: generation in the high 32 bits, index in the low
   * 32 bits, so it is unique over the whole life of the file system.
   */
  public long fileid() {
    return ((long) generation << 32) | (index & 0xffffffffL);
  }

  @Override
  public String toString() {
    return index + "." + Integer.toUnsignedString(generation);
  }
}
