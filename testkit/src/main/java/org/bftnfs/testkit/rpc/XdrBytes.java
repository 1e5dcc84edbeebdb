package org.bftnfs.testkit.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.glassfish.grizzly.Buffer;

/**
 * Bytes that already are an XDR encoding, carried through oncrpc4j unchanged, for test clients and
 * test servers: encoding writes them verbatim; decoding takes every byte left in the stream.
 */
public final class XdrBytes implements XdrAble {

  private byte[] bytes;

  /** An empty value, to be filled by {@link #xdrDecode}. */
  public XdrBytes() {
    this(new byte[0]);
  }

  /**
   * @param bytes an XDR encoding (not copied; the caller must not change it afterwards)
   */
  public XdrBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The bytes (not a copy). */
  public byte[] bytes() {
    return bytes;
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
