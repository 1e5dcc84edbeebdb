package org.bftnfs.statetransfer.rpc;

import java.io.IOException;
import org.bftnfs.statetransfer.CheckpointStatement;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.SignedStatement;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * Result of STATEMENT: {@code unsigned status}, then if {@link StateTransferProgram#OK} the root
 * ({@code opaque[32]}) and the signature ({@code opaque<MAX_SIGNATURE>}), nothing after. The
 * sequence number is the call's. Decoding refuses a signature longer than {@link
 * StateTransferProgram#MAX_SIGNATURE} before allocating. Not thread-safe.
 */
final class StatementResult implements XdrAble, StatusResult {

  private final long seq;
  int status;
  SignedStatement statement;

  /** To decode the answer to STATEMENT({@code seq}). */
  StatementResult(long seq) {
    this.seq = seq;
  }

  /** To encode: {@code statement} when OK, else null. */
  StatementResult(int status, SignedStatement statement) {
    this.seq = statement == null ? 0 : statement.seq();
    this.status = status;
    this.statement = statement;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public void xdrDecode(XdrDecodingStream xdr) throws OncRpcException, IOException {
    status = xdr.xdrDecodeInt();
    if (status == StateTransferProgram.OK) {
      byte[] root = new byte[Digest.LENGTH];
      xdr.xdrDecodeOpaque(root, 0, Digest.LENGTH);
      int n =
          MalformedXdrException.boundedLength(
              xdr.xdrDecodeInt(), StateTransferProgram.MAX_SIGNATURE, "signature");
      byte[] signature = xdr.xdrDecodeOpaque(n);
      statement = new SignedStatement(new CheckpointStatement(seq, Digest.of(root)), signature);
    }
    MalformedXdrException.requireEnd(xdr, "STATEMENT result");
  }

  @Override
  public void xdrEncode(XdrEncodingStream xdr) throws OncRpcException, IOException {
    xdr.xdrEncodeInt(status);
    if (status == StateTransferProgram.OK) {
      xdr.xdrEncodeOpaque(statement.root().toBytes(), Digest.LENGTH);
      xdr.xdrEncodeDynamicOpaque(statement.signature());
    }
  }
}
