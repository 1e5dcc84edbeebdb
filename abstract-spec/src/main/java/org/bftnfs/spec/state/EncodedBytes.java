package org.bftnfs.spec.state;

import java.util.Objects;

/**
 * An object's canonical encoding as read-only bytes at positions, wherever they are: in an array,
 * or in a file a state transfer spilled them to. {@link ObjectCodec#decodeInPlace(EncodedBytes)}
 * reads a file's contents through it part by part, so installing a large file never needs its
 * encoding in one array (an array could not even hold one of 2 GiB or more).
 *
 * <p>Thread-safety: the bytes do not change; whether {@link #read} may be called from several
 * threads at once is the implementation's affair (the array one may).
 */
public interface EncodedBytes {

  /** The number of bytes. */
  long length();

  /**
   * Copies the {@code count} bytes from {@code position} into {@code dst} at {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range is not inside the bytes or {@code dst}
   * @throws java.io.UncheckedIOException if the bytes cannot be read (a file that fails)
   */
  void read(long position, byte[] dst, int offset, int count);

  /**
   * All the bytes in one new array.
   *
   * @throws IllegalStateException if there are more than an array holds
   */
  default byte[] toArray() {
    long n = length();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("an encoding of " + n + " bytes does not fit in an array");
    }
    byte[] out = new byte[(int) n];
    read(0, out, 0, out.length);
    return out;
  }

  /** The bytes of {@code bytes} (not copied: it must not change). */
  static EncodedBytes of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new EncodedBytes() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public void read(long position, byte[] dst, int offset, int count) {
        Objects.checkFromIndexSize(position, count, bytes.length);
        System.arraycopy(bytes, (int) position, dst, offset, count);
      }

      @Override
      public byte[] toArray() {
        return bytes.clone();
      }

      @Override
      public String toString() {
        return "EncodedBytes[" + bytes.length + " in memory]";
      }
    };
  }
}
