package org.bftnfs.replication.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/** Big-endian encoding helpers for the envelopes; decoding is strict and bounded. */
final class Wire {

  private Wire() {}

  /** The input is not a well-formed envelope. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static final class Writer {
    private byte[] out;
    private int used;

    Writer() {
      this(64);
    }

    /**
     * A writer that expects about {@code size} bytes: a message of exactly that size is built in
     * one array and returned without a copy (a 1 MiB WRITE's envelope is not grown by doubling).
     */
    Writer(int size) {
      out = new byte[Math.max(size, 16)];
    }

    private void room(int n) {
      if (used + n > out.length) {
        out = java.util.Arrays.copyOf(out, Math.max(used + n, 2 * out.length));
      }
    }

    Writer u32(int v) {
      room(4);
      out[used++] = (byte) (v >>> 24);
      out[used++] = (byte) (v >>> 16);
      out[used++] = (byte) (v >>> 8);
      out[used++] = (byte) v;
      return this;
    }

    Writer u64(long v) {
      return u32((int) (v >>> 32)).u32((int) v);
    }

    Writer bytes(byte[] b) {
      u32(b.length);
      room(b.length);
      System.arraycopy(b, 0, out, used, b.length);
      used += b.length;
      return this;
    }

    byte[] toBytes() {
      return used == out.length ? out : java.util.Arrays.copyOf(out, used);
    }
  }

  static final class Reader {
    private final ByteBuffer in;

    Reader(byte[] bytes) {
      in = ByteBuffer.wrap(bytes);
    }

    int u32() throws Malformed {
      try {
        return in.getInt();
      } catch (BufferUnderflowException e) {
        throw new Malformed("truncated");
      }
    }

    long u64() throws Malformed {
      try {
        return in.getLong();
      } catch (BufferUnderflowException e) {
        throw new Malformed("truncated");
      }
    }

    byte[] bytes(int max) throws Malformed {
      int n = u32();
      if (n < 0 || n > max || n > in.remaining()) {
        throw new Malformed("length " + Integer.toUnsignedString(n) + " out of bounds");
      }
      byte[] b = new byte[n];
      in.get(b);
      return b;
    }

    int position() {
      return in.position();
    }

    void end() throws Malformed {
      if (in.hasRemaining()) {
        throw new Malformed(in.remaining() + " trailing bytes");
      }
    }
  }
}
