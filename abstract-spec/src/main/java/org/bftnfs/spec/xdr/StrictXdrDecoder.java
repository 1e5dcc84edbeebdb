package org.bftnfs.spec.xdr;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;

/**
 * An XDR decoder (RFC 4506) over a byte array that accepts only canonical encodings and never
 * allocates more than the input holds:
 *
 * <ul>
 *   <li>a length word larger than the remaining bytes is rejected before any allocation (a client
 *       cannot make the decoder allocate gigabytes with an 8-byte message);
 *   <li>booleans must be 0 or 1 (RFC 4506 §4.4);
 *   <li>padding bytes must be zero (RFC 4506 §4.10).
 * </ul>
 *
 * So every byte string decodes to at most one value, and that value re-encodes to the same bytes —
 * which replicas that compare requests byte by byte rely on. Violations throw {@link Malformed}
 * (unchecked), which {@link XdrCodec#decode} turns into {@link MalformedXdrException}.
 */
final class StrictXdrDecoder implements XdrDecodingStream {

  /** The input is not a canonical XDR encoding. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private final ByteBuffer in;

  StrictXdrDecoder(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes);
  }

  boolean hasMoreData() {
    return in.hasRemaining();
  }

  @Override
  public void beginDecoding() {}

  @Override
  public void endDecoding() {}

  @Override
  public int xdrDecodeInt() {
    need(4);
    return in.getInt();
  }

  @Override
  public long xdrDecodeLong() {
    need(8);
    return in.getLong();
  }

  @Override
  public boolean xdrDecodeBoolean() {
    int v = xdrDecodeInt();
    if (v != 0 && v != 1) {
      throw new Malformed("boolean value " + v);
    }
    return v == 1;
  }

  @Override
  public byte[] xdrDecodeDynamicOpaque() {
    return xdrDecodeOpaque(length(1));
  }

  @Override
  public byte[] xdrDecodeOpaque(int length) {
    byte[] out = new byte[checkedLength(length, 1)];
    xdrDecodeOpaque(out, 0, length);
    return out;
  }

  @Override
  public void xdrDecodeOpaque(byte[] data, int offset, int length) {
    int padded = checkedLength(length, 1) + ((4 - (length & 3)) & 3);
    need(padded);
    in.get(data, offset, length);
    for (int i = length; i < padded; i++) {
      if (in.get() != 0) {
        throw new Malformed("non-zero padding");
      }
    }
  }

  @Override
  public String xdrDecodeString() {
    return new String(xdrDecodeDynamicOpaque(), StandardCharsets.UTF_8);
  }

  @Override
  public ByteBuffer xdrDecodeByteBuffer() {
    return ByteBuffer.wrap(xdrDecodeDynamicOpaque());
  }

  @Override
  public int[] xdrDecodeIntVector() {
    return xdrDecodeIntFixedVector(length(4));
  }

  @Override
  public int[] xdrDecodeIntFixedVector(int length) {
    int[] out = new int[checkedLength(length, 4)];
    for (int i = 0; i < length; i++) {
      out[i] = xdrDecodeInt();
    }
    return out;
  }

  @Override
  public long[] xdrDecodeLongVector() {
    return xdrDecodeLongFixedVector(length(8));
  }

  @Override
  public long[] xdrDecodeLongFixedVector(int length) {
    long[] out = new long[checkedLength(length, 8)];
    for (int i = 0; i < length; i++) {
      out[i] = xdrDecodeLong();
    }
    return out;
  }

  @Override
  public float xdrDecodeFloat() {
    return Float.intBitsToFloat(xdrDecodeInt());
  }

  @Override
  public double xdrDecodeDouble() {
    return Double.longBitsToDouble(xdrDecodeLong());
  }

  @Override
  public float[] xdrDecodeFloatVector() {
    return xdrDecodeFloatFixedVector(length(4));
  }

  @Override
  public float[] xdrDecodeFloatFixedVector(int length) {
    float[] out = new float[checkedLength(length, 4)];
    for (int i = 0; i < length; i++) {
      out[i] = xdrDecodeFloat();
    }
    return out;
  }

  @Override
  public double[] xdrDecodeDoubleVector() {
    return xdrDecodeDoubleFixedVector(length(8));
  }

  @Override
  public double[] xdrDecodeDoubleFixedVector(int length) {
    double[] out = new double[checkedLength(length, 8)];
    for (int i = 0; i < length; i++) {
      out[i] = xdrDecodeDouble();
    }
    return out;
  }

  @Override
  public byte[] xdrDecodeByteVector() {
    return xdrDecodeByteFixedVector(length(4));
  }

  @Override
  public byte[] xdrDecodeByteFixedVector(int length) {
    byte[] out = new byte[checkedLength(length, 4)];
    for (int i = 0; i < length; i++) {
      out[i] = xdrDecodeByte();
    }
    return out;
  }

  @Override
  public byte xdrDecodeByte() {
    return (byte) xdrDecodeInt();
  }

  @Override
  public short xdrDecodeShort() {
    return (short) xdrDecodeInt();
  }

  @Override
  public short[] xdrDecodeShortVector() {
    return xdrDecodeShortFixedVector(length(4));
  }

  @Override
  public short[] xdrDecodeShortFixedVector(int length) {
    short[] out = new short[checkedLength(length, 4)];
    for (int i = 0; i < length; i++) {
      out[i] = xdrDecodeShort();
    }
    return out;
  }

  /** Reads a length word for elements of {@code unit} bytes each and checks it fits. */
  private int length(int unit) {
    return checkedLength(xdrDecodeInt(), unit);
  }

  private int checkedLength(int length, int unit) {
    if (length < 0 || (long) length * unit > in.remaining()) {
      throw new Malformed(
          "length "
              + Integer.toUnsignedString(length)
              + " exceeds the "
              + in.remaining()
              + " remaining bytes");
    }
    return length;
  }

  private void need(int n) {
    if (in.remaining() < n) {
      throw new Malformed("truncated: need " + n + " bytes, " + in.remaining() + " left");
    }
  }
}
