package org.bftnfs.spec.service;

/**
 * The answer to an {@link NfsCall}: either an accepted call with the XDR-encoded result of the
 * procedure, or an RPC-level rejection of the arguments or the procedure number.
 *
 * @param outcome how the RPC layer must answer
 * @param result the XDR encoding of the procedure's result ({@code PROC3res}); empty unless {@code
 *     outcome} is {@link Outcome#SUCCESS}
 */
public record NfsReply(Outcome outcome, byte[] result) {

  /** RPC accept status of the reply (RFC 5531 §9, {@code accept_stat}). */
  public enum Outcome {
    /** The procedure ran (its result may still carry an NFS error status). */
    SUCCESS,
    /** The procedure number is not one of NFSv3's. */
    PROC_UNAVAIL,
    /** The arguments could not be decoded (truncated, trailing bytes, bad enum value). */
    GARBAGE_ARGS
  }

  private static final byte[] EMPTY = new byte[0];

  public static NfsReply success(byte[] result) {
    return new NfsReply(Outcome.SUCCESS, result);
  }

  public static NfsReply procUnavailable() {
    return new NfsReply(Outcome.PROC_UNAVAIL, EMPTY);
  }

  public static NfsReply garbageArgs() {
    return new NfsReply(Outcome.GARBAGE_ARGS, EMPTY);
  }
}
