package org.bftnfs.spec.service;

import java.nio.ByteBuffer;

/**
 * The 22 NFSv3 procedures (RFC 1813 §3.3) with what the layers around the specification need to
 * know without decoding arguments: the name, whether the procedure is read-only (may use the
 * replicated read-only path, paper §2.2 {@code invoke(..., read_only)}), and the shape of its
 * failure result.
 */
public enum Procedure {
  NULL(0, true, -1),
  GETATTR(1, true, 0),
  SETATTR(2, false, 2),
  LOOKUP(3, true, 1),
  ACCESS(4, true, 1),
  READLINK(5, true, 1),
  READ(6, true, 1),
  WRITE(7, false, 2),
  CREATE(8, false, 2),
  MKDIR(9, false, 2),
  SYMLINK(10, false, 2),
  MKNOD(11, false, 2),
  REMOVE(12, false, 2),
  RMDIR(13, false, 2),
  RENAME(14, false, 4),
  LINK(15, false, 3),
  READDIR(16, true, 1),
  READDIRPLUS(17, true, 1),
  FSSTAT(18, true, 1),
  FSINFO(19, true, 1),
  PATHCONF(20, true, 1),
  COMMIT(21, false, 2);

  private static final Procedure[] BY_NUMBER = values();

  private final int number;
  private final boolean readOnly;
  private final int failureWords;

  Procedure(int number, boolean readOnly, int failureWords) {
    this.number = number;
    this.readOnly = readOnly;
    this.failureWords = failureWords;
  }

  public int number() {
    return number;
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** The procedure with this number, or {@code null} when NFSv3 has none. */
  public static Procedure byNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
  }

  /**
   * The XDR result of this procedure failing with {@code status} and carrying no attributes: every
   * {@code post_op_attr}, {@code pre_op_attr} of the procedure's {@code resfail} arm is "absent".
   * Used where the service itself cannot answer (JUKEBOX, SERVERFAULT).
   *
   * @throws IllegalStateException for {@link #NULL}, which cannot fail
   */
  public byte[] failureResult(int status) {
    if (failureWords < 0) {
      throw new IllegalStateException("NULL has no failure result");
    }
    return ByteBuffer.allocate(4 + 4 * failureWords).putInt(status).array();
  }
}
