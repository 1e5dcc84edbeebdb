package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Arguments of CHILDREN: {@code hyper seq; unsigned level; unsigned index} (16 bytes, nothing
 * after). Decodes in place; not thread-safe.
 */
final class ChildrenArgs implements XdrAble {

  long seq;
  int level;
  int index;

  /** Empty, to decode into. */
  ChildrenArgs() {}

  ChildrenArgs(long seq, int level, int index) {
    this.seq = seq;
    this.level = level;
    this.index = index;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws OncRpcException, IOException {
    seq = xdr.xdrDecodeLong();
    level = xdr.xdrDecodeInt();
    index = xdr.xdrDecodeInt();
    MalformedXdrException.requireEnd(xdr, "CHILDREN arguments");
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    xdr.xdrEncodeLong(seq);
    xdr.xdrEncodeInt(level);
    xdr.xdrEncodeInt(index);
  }
}
