package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Arguments of STATEMENT: {@code hyper seq} (8 bytes, nothing after). Decodes in place; not
 * thread-safe.
 */
final class StatementArgs implements XdrAble {

  long seq;

  /** Empty, to decode into. */
  StatementArgs() {}

  StatementArgs(long seq) {
    this.seq = seq;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws OncRpcException, IOException {
    seq = xdr.xdrDecodeLong();
    MalformedXdrException.requireEnd(xdr, "STATEMENT arguments");
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    xdr.xdrEncodeLong(seq);
  }
}
