package org.bftnfs.statetransfer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a replica signs for a checkpoint: ⟨sequence number, root digest⟩ (paper §2.2).
 *
 * <p>Its canonical encoding, the bytes signed, is {@code "bftnfs-checkpoint-v1" || u64 seq || root}
 * (big-endian, 60 bytes), the same on every replica for the same checkpoint.
 *
 * <p>Thread-safety: immutable.
 *
 * @param seq the checkpoint's sequence number
 * @param root the root digest of the partition tree at that checkpoint
 */
public record CheckpointStatement(long seq, Digest root) {

  private static final byte[] TAG = "bftnfs-checkpoint-v1".getBytes(StandardCharsets.US_ASCII);

  /** The length of the encoding. */
  public static final int ENCODED_LENGTH = TAG.length + Long.BYTES + Digest.LENGTH;

  /** A statement; {@code root} must not be null. */
  public CheckpointStatement {
    Objects.requireNonNull(root, "root");
  }

  /** The canonical encoding: the bytes a replica signs. */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(ENCODED_LENGTH);
    b.put(TAG).putLong(seq).put(root.toBytes());
    return b.array();
  }

  /**
   * The statement encoded as by {@link #encode()}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not such an encoding
   */
  public static CheckpointStatement decode(byte[] bytes) {
    if (bytes.length != ENCODED_LENGTH
        || !Arrays.equals(bytes, 0, TAG.length, TAG, 0, TAG.length)) {
      throw new IllegalArgumentException("not a checkpoint statement");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, TAG.length, ENCODED_LENGTH - TAG.length);
    long seq = b.getLong();
    byte[] root = new byte[Digest.LENGTH];
    b.get(root);
    return new CheckpointStatement(seq, Digest.of(root));
  }
}
