package org.bftnfs.statetransfer;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 digest: 32 bytes, immutable, compared by value.
 *
 * <p>Thread-safety: immutable, so safe to share between threads.
 */
public final class Digest {

  /** The length of a digest in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private Digest(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The digest with these 32 bytes (copied).
   *
   * @throws IllegalArgumentException if {@code bytes} is not {@link #LENGTH} long
   */
  public static Digest of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a digest is " + LENGTH + " bytes, not " + bytes.length);
    }
    return new Digest(bytes.clone());
  }

  /** Wraps a freshly computed array that nobody else holds (no copy). */
  static Digest wrap(byte[] fresh) {
    return new Digest(fresh);
  }

  /** A copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Writes the 32 bytes into {@code out} at {@code offset}. */
  public void copyTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, LENGTH);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return (bytes[0] & 0xff) << 24
        | (bytes[1] & 0xff) << 16
        | (bytes[2] & 0xff) << 8
        | bytes[3] & 0xff;
  }

  /** The full digest in lower-case hexadecimal. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** The first 8 bytes in hexadecimal, for logs and messages. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes, 0, 8);
  }
}
