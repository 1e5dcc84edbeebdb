package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Arguments of OBJECT: {@code hyper seq; unsigned index; unsigned hyper offset; unsigned count} (24
 * bytes, nothing after). Decodes in place; not thread-safe.
 */
final class ObjectArgs implements XdrAble {

  long seq;
  int index;
  long offset;
  int count;

  /** Empty, to decode into. */
  ObjectArgs() {}

  ObjectArgs(long seq, int index, long offset, int count) {
    this.seq = seq;
    this.index = index;
    this.offset = offset;
    this.count = count;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws OncRpcException, IOException {
    seq = xdr.xdrDecodeLong();
    index = xdr.xdrDecodeInt();
    offset = xdr.xdrDecodeLong();
    count = xdr.xdrDecodeInt();
    MalformedXdrException.requireEnd(xdr, "OBJECT arguments");
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    xdr.xdrEncodeLong(seq);
    xdr.xdrEncodeInt(index);
    xdr.xdrEncodeLong(offset);
    xdr.xdrEncodeInt(count);
  }
}
