package org.bftnfs.statetransfer.rpc;

/**
 * The ONC RPC program of the fetch protocol between replicas (paper §3.4): program and procedure
 * numbers and the status codes of the replies. The wire format of each procedure is described in
 * {@code package-info}.
 *
 * <p>Thread-safety: constants only.
 */
public final class StateTransferProgram {

  /** The program number, in the user-defined range 0x20000000 to 0x3FFFFFFF. */
  public static final int PROGRAM = 0x2BF7_5701;

  /** The only version. */
  public static final int VERSION = 1;

  /** Procedure 0: no arguments, no result (a ping). */
  public static final int NULL = 0;

  /** Procedure 1: the children's digests of an inner node of a checkpoint's tree. */
  public static final int CHILDREN = 1;

  /**
   * Procedure 2: part of the value of an object as of a checkpoint (at most {@link #MAX_PART} bytes
   * from an offset), with the value's length.
   */
  public static final int OBJECT = 2;

  /**
   * The most bytes of a value one OBJECT reply carries: a value of any size moves in parts of this
   * size, so neither side ever holds more of it in one buffer.
   */
  public static final int MAX_PART = 1 << 20;

  /**
   * Procedure 3: the server's own signature over ⟨seq, root⟩ of one of its checkpoints, with that
   * root (checkpoint certificates, paper §2.2).
   */
  public static final int STATEMENT = 3;

  /**
   * The largest signature STATEMENT carries, in bytes (an Ed25519 signature is 64; the bound leaves
   * room for another scheme and is checked before anything is allocated).
   */
  public static final int MAX_SIGNATURE = 1024;

  /** Reply status: the result follows. */
  public static final int OK = 0;

  /** Reply status: the server does not hold the checkpoint (never taken, or discarded). */
  public static final int NOT_HELD = 1;

  /** Reply status: no such node or object in the server's tree (or a leaf asked for children). */
  public static final int NO_SUCH_NODE = 2;

  private StateTransferProgram() {}
}
