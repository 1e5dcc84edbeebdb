package org.bftnfs.spec.upcall;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One entry of the abstract state as the state-conversion upcalls move it (paper Figure 1: {@code
 * get_obj}, {@code put_objs}): its index in the array and its canonical encoding ({@code
 * ObjectCodec}: generation and object, or the free entry).
 *
 * <p>The encoding is either held ({@link #ObjectValue(int, byte[])}) or loaded on demand ({@link
 * #loadedBy}: e.g. read back from where a state transfer spilled it), so that a {@code putObjs} of
 * many large objects need not hold them all in memory at once: an implementation reads each value's
 * encoding when it needs it and may read it again later (each call may load it anew).
 *
 * <p>Thread-safety: immutable; a loader must be safe to call on the thread that runs {@code
 * putObjs}.
 */
public final class ObjectValue {

  private final int index;
  private final Supplier<byte[]> loader;

  /**
   * A value that holds its encoding.
   *
   * @param index the entry's index in the abstract state's array
   * @param encoding the entry's canonical encoding (owned by the value: not changed afterwards)
   */
  public ObjectValue(int index, byte[] encoding) {
    Objects.requireNonNull(encoding, "encoding");
    this.index = index;
    this.loader = () -> encoding;
  }

  private ObjectValue(int index, Supplier<byte[]> loader) {
    this.index = index;
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /**
   * A value whose encoding {@code loader} loads at each {@link #encoding()} call (it must return
   * the same bytes every time, never null, or throw).
   */
  public static ObjectValue loadedBy(int index, Supplier<byte[]> loader) {
    return new ObjectValue(index, loader);
  }

  /** The entry's index in the abstract state's array. */
  public int index() {
    return index;
  }

  /**
   * The entry's canonical encoding (loaded now if this value loads it on demand; not to be
   * changed).
   */
  public byte[] encoding() {
    return Objects.requireNonNull(loader.get(), "loaded encoding");
  }

  @Override
  public String toString() {
    return "ObjectValue[" + index + "]";
  }
}
