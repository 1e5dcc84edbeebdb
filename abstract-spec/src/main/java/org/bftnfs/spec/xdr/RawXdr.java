package org.bftnfs.spec.xdr;

import java.io.IOException;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.glassfish.grizzly.Buffer;

/**
 * Bytes that already are an XDR encoding, carried through oncrpc4j unchanged: encoding writes them
 * verbatim; decoding takes every byte left in the stream.
 */
public final class RawXdr implements XdrAble {

  private byte[] bytes;

  /** An empty value, to be filled by {@link #xdrDecode}. */
  public RawXdr() {
    this.bytes = new byte[0];
  }

  /**
   * @param bytes an XDR encoding (not copied; the caller must not change it afterwards)
   */
  public RawXdr(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The bytes (not a copy). */
  public byte[] bytes() {
    return bytes;
  }

  /** Copies the bytes {@code xdr} has not decoded yet, without consuming them. */
  public static byte[] remainingOf(Xdr xdr) {
    Buffer buffer = xdr.asBuffer();
    byte[] out = new byte[buffer.remaining()];
    int position = buffer.position();
    buffer.get(out);
    buffer.position(position);
    return out;
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) {
    xdr.xdrEncodeOpaque(bytes, bytes.length);
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws IOException {
    if (!(xdr instanceof Xdr stream)) {
      throw new IOException("raw decoding needs an oncrpc4j Xdr stream");
    }
    Buffer buffer = stream.asBuffer();
    bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
  }
}
