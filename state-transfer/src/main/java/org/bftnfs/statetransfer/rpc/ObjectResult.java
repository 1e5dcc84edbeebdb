package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Result of OBJECT: {@code unsigned status}, then if {@link StateTransferProgram#OK} the value's
 * length as {@code unsigned hyper} and the part as {@code opaque<>}, nothing after. Decoding
 * refuses a value length above {@code maxObjectSize} and a part longer than asked for, before
 * allocating. Not thread-safe.
 */
final class ObjectResult implements XdrAble, StatusResult {

  private static final byte[] NONE = {};

  private final long maxObjectSize;
  private final int maxPart;
  int status;
  long length;
  byte[] part = NONE;

  /**
   * To decode, accepting values of at most {@code maxObjectSize} bytes and parts of at most {@code
   * maxPart} bytes (what was asked for).
   */
  ObjectResult(long maxObjectSize, int maxPart) {
    this.maxObjectSize = maxObjectSize;
    this.maxPart = maxPart;
  }

  /** To encode ({@code part} is not copied). */
  ObjectResult(int status, long length, byte[] part) {
    this.maxObjectSize = length;
    this.maxPart = part.length;
    this.status = status;
    this.length = length;
    this.part = part;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws OncRpcException, IOException {
    status = xdr.xdrDecodeInt();
    if (status == StateTransferProgram.OK) {
      length = xdr.xdrDecodeLong();
      if (length < 0 || length > maxObjectSize) {
        throw new MalformedXdrException(
            "value of length " + Long.toUnsignedString(length) + " exceeds " + maxObjectSize);
      }
      int n = MalformedXdrException.boundedLength(xdr.xdrDecodeInt(), maxPart, "part");
      part = xdr.xdrDecodeOpaque(n);
    }
    MalformedXdrException.requireEnd(xdr, "OBJECT result");
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    xdr.xdrEncodeInt(status);
    if (status == StateTransferProgram.OK) {
      xdr.xdrEncodeLong(length);
      xdr.xdrEncodeDynamicOpaque(part);
    }
  }
}
