package org.bftnfs.spec.upcall;

import java.util.Objects;
import java.util.function.Supplier;
import org.bftnfs.spec.state.EncodedBytes;

/**
 * One entry of the abstract state as the state-conversion upcalls move it (paper Figure 1: {@code
 * get_obj}, {@code put_objs}): its index in the array and its canonical encoding ({@code
 * ObjectCodec}: generation and object, or the free entry).
 *
 * <p>The encoding is either held ({@link #ObjectValue(int, byte[])}), loaded on demand ({@link
 * #loadedBy}), or read in place where it is stored ({@link #storedIn}: e.g. the file a state
 * transfer spilled it to), so that a {@code putObjs} of many large objects need not hold them all
 * in memory at once: an implementation reads each value's encoding when it needs it ({@link
 * #bytes()} reads a stored one part by part, so even one object of many gigabytes is never held
 * whole) and may read it again later (each call may load it anew).
 *
 * <p>Thread-safety: immutable; a loader must be safe to call on the thread that runs {@code
 * putObjs}.
 */
public final class ObjectValue {

  private final int index;
  private final Supplier<EncodedBytes> loader;

  /**
   * A value that holds its encoding.
   *
   * @param index the entry's index in the abstract state's array
   * @param encoding the entry's canonical encoding (owned by the value: not changed afterwards)
   */
  public ObjectValue(int index, byte[] encoding) {
    Objects.requireNonNull(encoding, "encoding");
    this.index = index;
    EncodedBytes bytes = EncodedBytes.of(encoding);
    this.loader = () -> bytes;
  }

  private ObjectValue(int index, Supplier<EncodedBytes> loader) {
    this.index = index;
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /**
   * A value whose encoding {@code loader} loads at each {@link #encoding()} call (it must return
   * the same bytes every time, never null, or throw).
   */
  public static ObjectValue loadedBy(int index, Supplier<byte[]> loader) {
    Objects.requireNonNull(loader, "loader");
    return new ObjectValue(
        index, () -> EncodedBytes.of(Objects.requireNonNull(loader.get(), "loaded encoding")));
  }

  /**
   * A value whose encoding stays where it is stored: {@code source} gives a view of it at each
   * {@link #bytes()} call (the same bytes every time, never null, or throw).
   */
  public static ObjectValue storedIn(int index, Supplier<EncodedBytes> source) {
    return new ObjectValue(index, source);
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
    return bytes().toArray();
  }

  /**
   * The entry's canonical encoding where it is (loaded now if this value loads it on demand): what
   * an implementation reads to install a value of any size part by part.
   */
  public EncodedBytes bytes() {
    return Objects.requireNonNull(loader.get(), "encoding");
  }

  @Override
  public String toString() {
    return "ObjectValue[" + index + "]";
  }
}
