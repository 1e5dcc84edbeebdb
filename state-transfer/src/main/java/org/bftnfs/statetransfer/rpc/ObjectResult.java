package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Result of OBJECT: {@code unsigned status}, then if {@link StateTransferProgram#OK} the value as
 * {@code opaque<>}, nothing after. Decoding refuses a length above {@code maxObjectSize} before
 * allocating. Not thread-safe.
 */
final class ObjectResult implements XdrAble, StatusResult {

  private static final byte[] NONE = {};

  private final int maxObjectSize;
  int status;
  byte[] value = NONE;

  /** To decode, accepting values of at most {@code maxObjectSize} bytes. */
  ObjectResult(int maxObjectSize) {
    this.maxObjectSize = maxObjectSize;
  }

  /** To encode ({@code value} is not copied). */
  ObjectResult(int status, byte[] value) {
    this.maxObjectSize = value.length;
    this.status = status;
    this.value = value;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws OncRpcException, IOException {
    status = xdr.xdrDecodeInt();
    if (status == StateTransferProgram.OK) {
      int n = MalformedXdrException.boundedLength(xdr.xdrDecodeInt(), maxObjectSize, "value");
      value = xdr.xdrDecodeOpaque(n);
    }
    MalformedXdrException.requireEnd(xdr, "OBJECT result");
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    xdr.xdrEncodeInt(status);
    if (status == StateTransferProgram.OK) {
      xdr.xdrEncodeDynamicOpaque(value);
    }
  }
}
