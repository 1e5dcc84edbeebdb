package org.bftnfs.wrapper;

import org.bftnfs.backend.Backend;
import org.bftnfs.spec.state.FileContent;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.upcall.ReplicaFaultException;

/**
 * The data of one abstract file, kept in the backend: reads and writes go to the concrete file. The
 * abstract size is remembered; a backend that returns fewer bytes than the abstract file holds is a
 * fault of the replica (it never becomes a short read for a client).
 *
 * <p>A file created by the specification gets its contents before the backend object exists; until
 * {@link #bind} the size is only remembered, and applied to the backend when bound.
 */
final class BackendFileContent implements FileContent {

  /** Bytes read from the backend per call when the whole file is needed. */
  static final int CHUNK = 1 << 20;

  private final Backend backend;
  private byte[] handle;
  private long size;

  BackendFileContent(Backend backend, byte[] handle, long size) {
    this.backend = backend;
    this.handle = handle;
    this.size = size;
  }

  /** Attaches the concrete file (created empty) and gives it the remembered size. */
  void bind(byte[] concrete) {
    handle = concrete;
    if (size > 0) {
      backend.setattr(handle, Backend.SetAttributes.size(size));
    }
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public byte[] read(long offset, int count) {
    if (offset < 0 || offset >= size || count <= 0) {
      return new byte[0];
    }
    int n = (int) Math.min(count, size - offset);
    byte[] data = backend.read(bound(), offset, n);
    if (data.length != n) {
      throw new ReplicaFaultException(
          backend.describe()
              + " returned "
              + data.length
              + " bytes at offset "
              + offset
              + " of a file of "
              + size
              + " bytes (expected "
              + n
              + ")");
    }
    return data;
  }

  @Override
  public void write(long offset, byte[] data) {
    backend.write(bound(), offset, data);
    size = Math.max(size, offset + data.length);
  }

  @Override
  public void truncate(long newSize) {
    if (handle != null) {
      backend.setattr(handle, Backend.SetAttributes.size(newSize));
    }
    size = newSize;
  }

  /** Reads the whole file from the backend (holes and zero blocks are not stored). */
  @Override
  public FileData snapshot() {
    FileData d = new FileData();
    for (long off = 0; off < size; off += CHUNK) {
      byte[] chunk = read(off, (int) Math.min(CHUNK, size - off));
      writeNonZeroBlocks(d, off, chunk);
    }
    d.truncate(size);
    return d;
  }

  private static void writeNonZeroBlocks(FileData d, long offset, byte[] chunk) {
    for (int b = 0; b < chunk.length; b += FileData.BLOCK) {
      int end = Math.min(b + FileData.BLOCK, chunk.length);
      for (int i = b; i < end; i++) {
        if (chunk[i] != 0) {
          d.write(offset + b, java.util.Arrays.copyOfRange(chunk, b, end));
          break;
        }
      }
    }
  }

  private byte[] bound() {
    if (handle == null) {
      throw new IllegalStateException("file contents used before the backend file exists");
    }
    return handle;
  }
}
