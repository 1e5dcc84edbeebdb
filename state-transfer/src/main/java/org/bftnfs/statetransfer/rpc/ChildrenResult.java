package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.statetransfer.Digest;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Result of CHILDREN: {@code unsigned status}, then if {@link StateTransferProgram#OK} {@code
 * unsigned count} and {@code count} digests of 32 bytes each ({@code opaque[32]}), nothing after.
 * Decoding refuses a count above {@code maxDigests} before allocating. Not thread-safe.
 */
final class ChildrenResult implements XdrAble, StatusResult {

  private final int maxDigests;
  int status;
  List<Digest> digests = List.of();

  /** To decode, accepting at most {@code maxDigests} digests. */
  ChildrenResult(int maxDigests) {
    this.maxDigests = maxDigests;
  }

  /** To encode. */
  ChildrenResult(int status, List<Digest> digests) {
    this.maxDigests = digests.size();
    this.status = status;
    this.digests = digests;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws OncRpcException, IOException {
    status = xdr.xdrDecodeInt();
    if (status == StateTransferProgram.OK) {
      int n = MalformedXdrException.boundedLength(xdr.xdrDecodeInt(), maxDigests, "digest list");
      List<Digest> out = new ArrayList<>(n);
      byte[] d = new byte[Digest.LENGTH];
      for (int k = 0; k < n; k++) {
        xdr.xdrDecodeOpaque(d, 0, Digest.LENGTH);
        out.add(Digest.of(d));
      }
      digests = out;
    }
    MalformedXdrException.requireEnd(xdr, "CHILDREN result");
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    xdr.xdrEncodeInt(status);
    if (status == StateTransferProgram.OK) {
      xdr.xdrEncodeInt(digests.size());
      for (Digest d : digests) {
        xdr.xdrEncodeOpaque(d.toBytes(), Digest.LENGTH);
      }
    }
  }
}
