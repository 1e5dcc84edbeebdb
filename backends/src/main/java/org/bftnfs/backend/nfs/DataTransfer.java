package org.bftnfs.backend.nfs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.xdr.nfs.COMMIT3args;
import org.bftnfs.xdr.nfs.COMMIT3res;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.WRITE3res;
import org.bftnfs.xdr.nfs.stable_how;

/**
 * READ and WRITE of any size: split into chunks of the server's {@link ServerLimits}, with up to
 * {@link #WINDOW} chunks in flight. Short reads and short writes are completed with further calls;
 * writes are FILE_SYNC (a server that answers with less is sent a COMMIT, and a changed write
 * verifier fails the write).
 */
final class DataTransfer {

  /** How many READ or WRITE calls one transfer keeps in flight. */
  static final int WINDOW = 4;

  private static final String READ = Procedure.READ.name();
  private static final String WRITE = Procedure.WRITE.name();
  private static final String COMMIT = Procedure.COMMIT.name();

  private final RpcConnection nfs;
  private final ServerLimits limits;

  DataTransfer(RpcConnection nfs, ServerLimits limits) {
    this.nfs = nfs;
    this.limits = limits;
  }

  /** Up to {@code count} bytes at {@code offset}; fewer only at the end of the file. */
  byte[] read(byte[] file, long offset, int count) {
    if (offset < 0 || count < 0) {
      throw new IllegalArgumentException("negative offset or count: " + offset + ", " + count);
    }
    long end = offset + Math.min(count, Long.MAX_VALUE - offset);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(count, limits.readMax()));
    Deque<Chunk<READ3res>> inFlight = new ArrayDeque<>();
    long next = offset;
    while (true) {
      while (next < end && inFlight.size() < WINDOW) {
        int length = (int) Math.min(limits.readMax(), end - next);
        inFlight.add(new Chunk<>(next, length, sendRead(file, next, length)));
        next += length;
      }
      Chunk<READ3res> chunk = inFlight.poll();
      if (chunk == null) {
        return out.toByteArray();
      }
      READ3res res = nfs.await(READ, chunk.reply());
      nfs.expectOk(READ, res.status);
      byte[] data = res.resok.data;
      if (data.length > chunk.length() || data.length != res.resok.count) {
        throw nfs.failure(
            READ,
            "asked for "
                + chunk.length()
                + " bytes, got "
                + data.length
                + " bytes with count "
                + res.resok.count);
      }
      out.write(data, 0, data.length);
      if (res.resok.eof) {
        return out.toByteArray();
      }
      if (data.length < chunk.length()) {
        if (data.length == 0) {
          throw nfs.failure(READ, "no data and no end of file at offset " + chunk.offset());
        }
        // A short read before the end of the file: continue right after it, in order.
        inFlight.clear();
        next = chunk.offset() + data.length;
      }
    }
  }

  /** Writes all of {@code data} at {@code offset}, stable on return. */
  void write(byte[] file, long offset, byte[] data) {
    if (offset < 0 || offset > Long.MAX_VALUE - data.length) {
      throw new IllegalArgumentException("offset out of range: " + offset);
    }
    Deque<Chunk<WRITE3res>> inFlight = new ArrayDeque<>();
    Deque<Chunk<WRITE3res>> rest = new ArrayDeque<>();
    int next = 0;
    byte[] unstableVerifier = null;
    while (true) {
      while (inFlight.size() < WINDOW && (!rest.isEmpty() || next < data.length)) {
        if (!rest.isEmpty()) {
          Chunk<WRITE3res> r = rest.poll();
          inFlight.add(r.sent(sendWrite(file, offset, data, (int) r.offset(), r.length())));
        } else {
          int length = Math.min(limits.writeMax(), data.length - next);
          inFlight.add(new Chunk<>(next, length, sendWrite(file, offset, data, next, length)));
          next += length;
        }
      }
      Chunk<WRITE3res> chunk = inFlight.poll();
      if (chunk == null) {
        break;
      }
      WRITE3res res = nfs.await(WRITE, chunk.reply());
      nfs.expectOk(WRITE, res.status);
      int written = res.resok.count;
      if (written <= 0 || written > chunk.length()) {
        throw nfs.failure(
            WRITE,
            "wrote "
                + written
                + " of "
                + chunk.length()
                + " bytes at offset "
                + (offset + chunk.offset()));
      }
      if (written < chunk.length()) {
        rest.add(new Chunk<>(chunk.offset() + written, chunk.length() - written, null));
      }
      if (res.resok.committed != stable_how.FILE_SYNC) {
        unstableVerifier = sameVerifier(unstableVerifier, res.resok.verf);
      }
    }
    if (unstableVerifier != null) {
      sameVerifier(unstableVerifier, commit(file, offset, data.length));
    }
  }

  /**
   * The write verifier all unstable replies of one transfer share; a different one means the server
   * restarted in between and may have lost unstable data (RFC 1813 §3.3.7).
   */
  private byte[] sameVerifier(byte[] expected, byte[] verifier) {
    if (expected != null && !Arrays.equals(expected, verifier)) {
      throw nfs.failure(
          WRITE, "the write verifier changed (server restarted?): unstable data may be lost");
    }
    return verifier;
  }

  private CompletableFuture<READ3res> sendRead(byte[] file, long offset, int length) {
    READ3args args = new READ3args();
    args.file = NfsArgs.fh(file);
    args.offset = offset;
    args.count = length;
    return nfs.send(READ, Procedure.READ.number(), args, new READ3res());
  }

  private CompletableFuture<WRITE3res> sendWrite(
      byte[] file, long base, byte[] data, int from, int length) {
    WRITE3args args = new WRITE3args();
    args.file = NfsArgs.fh(file);
    args.offset = base + from;
    args.count = length;
    args.stable = stable_how.FILE_SYNC;
    args.data = Arrays.copyOfRange(data, from, from + length);
    return nfs.send(WRITE, Procedure.WRITE.number(), args, new WRITE3res());
  }

  /** COMMIT of a range; the server's write verifier. */
  private byte[] commit(byte[] file, long offset, int count) {
    COMMIT3args args = new COMMIT3args();
    args.file = NfsArgs.fh(file);
    args.offset = offset;
    args.count = count;
    COMMIT3res res = nfs.call(COMMIT, Procedure.COMMIT.number(), args, new COMMIT3res());
    nfs.expectOk(COMMIT, res.status);
    return res.resok.verf;
  }

  /**
   * One call of a transfer.
   *
   * @param offset where the chunk starts (in the file for reads, in the data for writes)
   * @param length how many bytes it moves
   * @param reply its pending reply ({@code null} until sent)
   */
  private record Chunk<T>(long offset, int length, CompletableFuture<T> reply) {

    Chunk<T> sent(CompletableFuture<T> pending) {
      return new Chunk<>(offset, length, pending);
    }
  }
}
