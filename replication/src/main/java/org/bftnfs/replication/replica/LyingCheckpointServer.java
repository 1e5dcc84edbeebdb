package org.bftnfs.replication.replica;

import java.util.ArrayList;
import java.util.List;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.rpc.ServedAnswers;

/**
 * <b>For fault-injection tests only</b> (a Byzantine peer during state transfer, paper §3.4): the
 * answers of a replica that serves its checkpoints wrongly — every object value with its last byte
 * inverted, and every node's children with the first digest replaced by another — while it executes
 * and votes honestly. A replica that fetches from it must notice (the answers do not match the
 * vouched digests), name it, and get the state from the others.
 *
 * <p>Never used unless a replica is started with {@code BFTNFS_FAULT=lie-state}.
 */
public final class LyingCheckpointServer implements ServedAnswers {

  @Override
  public List<Digest> children(long seq, int level, int index, List<Digest> honest) {
    if (honest.isEmpty()) {
      return honest;
    }
    List<Digest> lies = new ArrayList<>(honest);
    byte[] other = honest.get(0).toBytes();
    other[0] ^= (byte) 0xff;
    lies.set(0, Digest.of(other));
    return lies;
  }

  @Override
  public byte[] part(long seq, int index, long offset, long length, byte[] honest) {
    if (length == 0) {
      return new byte[] {1};
    }
    if (honest.length == 0 || offset + honest.length != length) {
      return honest; // the lie is in the value's last byte
    }
    byte[] lie = honest.clone();
    lie[lie.length - 1] ^= (byte) 0xff;
    return lie;
  }
}
