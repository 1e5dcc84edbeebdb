package org.bftnfs.spec.exec;

import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * One NFSv3 procedure of the abstract specification.
 *
 * <p>Determinism contract: {@link #execute} and {@link #failure} read only the {@link Execution}
 * (abstract state, configuration, caller, agreed time) and the arguments; they never read a clock,
 * a random source, the environment, or the iteration order of a hash-based collection. {@code
 * execute} performs every check before its first change to the state, so when it throws, the state
 * is unchanged; every change to entry {@code i} is preceded by {@code state.modify(i)}.
 *
 * @param <A> the procedure's argument type ({@code PROC3args})
 * @param <R> the procedure's result type ({@code PROC3res})
 */
public interface ProcedureHandler<A extends XdrAble, R extends XdrAble> {

  /** An empty argument object to decode into. */
  A newArguments();

  /**
   * Rejects decoded arguments that are not valid XDR for the procedure although they parsed, e.g.
   * an enum value outside its definition (answered with GARBAGE_ARGS).
   */
  default void validate(A args) throws MalformedXdrException {}

  /** Runs the procedure; the result has status {@code NFS3_OK}. */
  R execute(Execution x, A args) throws NfsException;

  /**
   * The result of the procedure failing with {@code status}, built from the (unchanged) state: the
   * {@code resfail} arm with the post-operation attributes of the objects the arguments name where
   * they are live, and no pre-operation attributes.
   */
  R failure(Execution x, A args, int status);
}
