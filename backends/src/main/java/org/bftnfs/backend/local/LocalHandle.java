package org.bftnfs.backend.local;

import java.nio.ByteBuffer;
import org.bftnfs.backend.BackendException;

/**
 * The concrete handle of the local directory backend: the object's inode number and a generation
 * that tells apart objects that reuse the inode number of a removed one within one run, as 12
 * big-endian bytes ({@code ino} then {@code generation}).
 *
 * <p>Objects found when the backend opens a directory have generation 0, so their handles survive a
 * restart of the backend like a real server's; an object created on a reused inode number gets the
 * next generation, and its handle changes on restart (allowed by the Backend contract).
 *
 * @param ino the inode number ({@code unix:ino})
 * @param generation how many objects with this inode number died before this one in this run
 */
record LocalHandle(long ino, int generation) {

  /** The length of every handle. */
  static final int LENGTH = 12;

  /** Decodes a handle; anything that is not 12 bytes is malformed. */
  static LocalHandle parse(byte[] handle) {
    if (handle == null || handle.length != LENGTH) {
      throw new BackendException(
          "malformed local handle: "
              + (handle == null ? "null" : handle.length + " bytes")
              + " instead of "
              + LENGTH);
    }
    ByteBuffer b = ByteBuffer.wrap(handle);
    return new LocalHandle(b.getLong(), b.getInt());
  }

  /** The 12 handle bytes. */
  byte[] toBytes() {
    return ByteBuffer.allocate(LENGTH).putLong(ino).putInt(generation).array();
  }

  @Override
  public String toString() {
    return "ino " + Long.toUnsignedString(ino) + " generation " + generation;
  }
}
