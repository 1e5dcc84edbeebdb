package org.bftnfs.statetransfer.rpc;

import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;

/**
 * A call's arguments or a reply's result that do not decode as the protocol says: a length past its
 * bound, or bytes left over. On the server oncrpc4j answers it with GARBAGE_ARGS; on the client the
 * call fails.
 */
final class MalformedXdrException extends OncRpcException {

  private static final long serialVersionUID = 1L;

  MalformedXdrException(String message) {
    super(message);
  }

  /**
   * A decoded length, checked before anything is allocated for it.
   *
   * @throws MalformedXdrException if it is negative or above {@code max}
   */
  static int boundedLength(int length, int max, String what) throws MalformedXdrException {
    if (length < 0 || length > max) {
      throw new MalformedXdrException(what + " of length " + length + " exceeds " + max);
    }
    return length;
  }

  /**
   * Checks that the record ends where the decoded value does (a longer record is malformed).
   *
   * @throws MalformedXdrException if bytes are left
   */
  static void requireEnd(XdrDecodingStream xdr, String what) throws MalformedXdrException {
    if (xdr instanceof Xdr x && x.hasMoreData()) {
      throw new MalformedXdrException(what + " followed by unexpected bytes");
    }
  }
}
