package org.bftnfs.spec.state;

/**
 * The contents of an abstract file: a byte array of {@link #size()} bytes. The reference
 * implementation keeps it in memory ({@link FileData}); a conformance wrapper keeps it in its
 * backend, so that reads and writes of file data go to the off-the-shelf implementation.
 *
 * <p>Contract: bytes never written read as zero; growing the size adds zeros; shrinking discards
 * the bytes beyond the new size. Implementations that fail throw an unchecked exception (a fault of
 * the replica, never an NFS error).
 */
public interface FileContent {

  long size();

  /**
   * Up to {@code count} bytes from {@code offset}, fewer at the end of the file, none at or beyond
   * it.
   */
  byte[] read(long offset, int count);

  /**
   * Writes {@code data} at {@code offset}, extending the file when it ends beyond the size. The
   * caller guarantees {@code offset + data.length} does not overflow.
   */
  void write(long offset, byte[] data);

  /** Sets the size: shrinking discards the bytes beyond it, growing adds zeros. */
  void truncate(long newSize);

  /**
   * The current contents as in-memory data (for the canonical encoding and comparisons). May return
   * this object itself when it is already in memory: callers must not modify the result.
   */
  FileData snapshot();
}
