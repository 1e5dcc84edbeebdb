package org.bftnfs.spec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The NFS file handle format of the abstract specification: a fixed export prefix followed by the
 * oid. Every replica hands out byte-identical handles for the same object.
 *
 * <pre>
 *   bytes 0..3   magic "BFT3"
 *   bytes 4..7   export id (uint32, configuration)
 *   bytes 8..11  oid index (uint32)
 *   bytes 12..15 oid generation XOR handle epoch (uint32)
 * </pre>
 *
 * The handle epoch ({@link SpecConfig#handleEpoch()}) is 0 for exports whose objects survive a
 * restart, so their handles are the plain oid. An export that starts empty after every restart
 * takes a new epoch each time: a handle of an earlier epoch then decodes to a generation that no
 * current object has, and is stale — even the root's, since the whole file system is new.
 *
 * <p>A handle of any other length, with another magic or export id, or with an index outside the
 * state array is malformed ({@code NFS3ERR_BADHANDLE}); a well-formed handle whose oid is not the
 * current object at its index is stale ({@code NFS3ERR_STALE}).
 */
public final class FileHandles {

  /** Length of every handle this specification hands out. */
  public static final int LENGTH = 16;

  private static final int MAGIC = 0x42465433; // "BFT3"

  private final int exportId;
  private final int epoch;

  /** The handles of export {@code exportId} with handle epoch 0. */
  public FileHandles(int exportId) {
    this(exportId, 0);
  }

  /**
   * @param exportId the export id in every handle
   * @param epoch the handle epoch mixed into the generation word (see the class comment)
   */
  public FileHandles(int exportId, int epoch) {
    this.exportId = exportId;
    this.epoch = epoch;
  }

  public int exportId() {
    return exportId;
  }

  /** Encodes an oid as a handle. */
  public byte[] encode(Oid oid) {
    return ByteBuffer.allocate(LENGTH)
        .putInt(MAGIC)
        .putInt(exportId)
        .putInt(oid.index())
        .putInt(oid.generation() ^ epoch)
        .array();
  }

  /**
   * Decodes a handle.
   *
   * @param capacity number of entries in the state array; larger indices are malformed
   * @return the oid, or {@code null} when the handle is malformed (length, magic, export id, index)
   */
  public Oid decode(byte[] handle, int capacity) {
    if (handle == null || handle.length != LENGTH) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(handle);
    if (b.getInt() != MAGIC || b.getInt() != exportId) {
      return null;
    }
    int index = b.getInt();
    int generation = b.getInt() ^ epoch;
    if (index < 0 || index >= capacity) {
      return null;
    }
    return new Oid(index, generation);
  }

  /** The handle of the root directory, as returned by MOUNT MNT. */
  public byte[] root() {
    return encode(Oid.ROOT);
  }

  /** True when {@code a} and {@code b} are the same handle. */
  public static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
