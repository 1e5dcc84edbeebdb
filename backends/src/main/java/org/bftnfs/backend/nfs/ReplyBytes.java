package org.bftnfs.backend.nfs;

import java.io.IOException;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Takes the result bytes of an RPC reply out of oncrpc4j unparsed, so that they can be decoded
 * strictly ({@link org.bftnfs.spec.xdr.XdrCodec#decode}): oncrpc4j's own decoder allocates whatever
 * a length word claims, and a faulty backend could claim gigabytes in a reply of a few bytes.
 * Decode-only: the copy is as large as the bytes actually received.
 */
final class ReplyBytes implements XdrAble {

  private byte[] bytes = new byte[0];

  /** The bytes taken by {@link #xdrDecode} (not a copy). */
  byte[] bytes() {
    return bytes;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws IOException {
    if (!(xdr instanceof Xdr stream)) {
      throw new IOException("reply bytes need an oncrpc4j Xdr stream");
    }
    var buffer = stream.asBuffer();
    bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) {
    throw new UnsupportedOperationException("ReplyBytes only decodes");
  }
}
