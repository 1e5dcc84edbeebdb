package org.bftnfs.replication.protocol;

import java.io.ByteArrayOutputStream;
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
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Writer u64(long v) {
      return u32((int) (v >>> 32)).u32((int) v);
    }

    Writer bytes(byte[] b) {
      u32(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    byte[] toBytes() {
      return out.toByteArray();
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
