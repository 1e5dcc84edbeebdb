package org.bftnfs.bench.workload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bftnfs.backend.Backend;

/**
 * Sequential write and read of one large file in {@value #CALL_BYTES}-byte calls (the client splits
 * each at the server's rtmax/wtmax and keeps up to four READs or WRITEs in flight). Writes are
 * FILE_SYNC, as every write of the abstract specification; what is read back is compared with what
 * was written.
 */
public final class SequentialFile {

  /** Bytes per client call. */
  public static final int CALL_BYTES = 4 << 20;

  private final Backend client;
  private final byte[] name;
  private final long size;
  private final byte[] chunk = MicroFixture.pattern(CALL_BYTES, 11);
  private byte[] handle;

  /**
   * @param client the NFS client
   * @param name the file's name in the export's root (must not exist)
   * @param size its size in bytes
   */
  public SequentialFile(Backend client, String name, long size) {
    this.client = client;
    this.name = name.getBytes(StandardCharsets.UTF_8);
    this.size = size;
  }

  /** Creates the file and writes all of it; returns the bytes written. */
  public long write() {
    handle = client.create(client.root(), name, 0644).handle();
    for (long at = 0; at < size; at += CALL_BYTES) {
      int n = (int) Math.min(CALL_BYTES, size - at);
      client.write(handle, at, n == CALL_BYTES ? chunk : Arrays.copyOf(chunk, n));
    }
    return size;
  }

  /** Reads all of the file and checks it; returns the bytes read. */
  public long read() {
    for (long at = 0; at < size; at += CALL_BYTES) {
      int n = (int) Math.min(CALL_BYTES, size - at);
      byte[] data = client.read(handle, at, n);
      if (data.length != n || !Arrays.equals(data, 0, n, chunk, 0, n)) {
        throw new IllegalStateException("sequential read at " + at + ": not what was written");
      }
    }
    return size;
  }

  /** Removes the file (not measured). */
  public void remove() {
    client.remove(client.root(), name);
  }
}
