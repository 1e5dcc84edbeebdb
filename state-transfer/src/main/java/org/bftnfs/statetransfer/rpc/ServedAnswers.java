package org.bftnfs.statetransfer.rpc;

import java.util.List;
import org.bftnfs.statetransfer.Digest;

/**
 * What a {@link StateTransferServer} sends for what its store holds: the honest answers, or — in
 * fault-injection tests only — answers a Byzantine replica would send instead. The fetching side
 * verifies every answer against a digest vouched from above, so a server that lies costs the
 * fetcher a request to another peer, never a wrong state.
 */
public interface ServedAnswers {

  /** The digests sent for a node's children, given the honest ones. */
  List<Digest> children(long seq, int level, int index, List<Digest> honest);

  /**
   * The bytes sent for a part of an object's value from {@code offset}, given the honest ones and
   * the value's {@code length}.
   */
  byte[] part(long seq, int index, long offset, long length, byte[] honest);

  /** The honest answers. */
  ServedAnswers HONEST =
      new ServedAnswers() {
        @Override
        public List<Digest> children(long seq, int level, int index, List<Digest> honest) {
          return honest;
        }

        @Override
        public byte[] part(long seq, int index, long offset, long length, byte[] honest) {
          return honest;
        }
      };
}
