package org.bftnfs.spec;

import org.bftnfs.spec.exec.Caller;
import org.bftnfs.spec.exec.Execution;
import org.bftnfs.spec.exec.ProcedureHandler;
import org.bftnfs.spec.exec.ProcedureTable;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.Metadata;
import org.bftnfs.spec.state.NfsTime;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * The common abstract specification of the file service (paper §3.1) as a pure reference
 * implementation: {@code execute(state, call, agreed) -> reply}, with no I/O.
 *
 * <p>It is the oracle of every differential test: a conformance wrapper over any backend must
 * return byte-identical replies and reach an equal abstract state.
 *
 * <p>Determinism contract: the reply and the new state are functions of the configuration, the
 * state, the call (procedure, credentials, argument bytes) and the agreed values only. Nothing here
 * reads a clock, a random source, the environment, or a hash-based iteration order.
 *
 * <p>Outcomes: an unknown procedure number is {@link NfsReply.Outcome#PROC_UNAVAIL}; arguments that
 * do not decode exactly (truncated, trailing bytes, enum values outside their definition) are
 * {@link NfsReply.Outcome#GARBAGE_ARGS} and change nothing; everything else is {@link
 * NfsReply.Outcome#SUCCESS} with the procedure's encoded result, whose status may be an error (the
 * per-procedure error precedence is documented on each handler in {@code org.bftnfs.spec.exec}).
 *
 * <p>Not thread-safe: the caller executes one call at a time on a given state.
 */
public final class AbstractSpec {

  private final SpecConfig config;
  private final FileHandles handles;
  private final ProcedureTable procedures = new ProcedureTable();

  public AbstractSpec(SpecConfig config) {
    this.config = config;
    this.handles = config.handles();
  }

  public SpecConfig config() {
    return config;
  }

  /**
   * The initial abstract state: every entry free with generation 0, except entry 0, the root
   * directory (generation 1, its own parent, empty, mode/uid/gid from the configuration, nlink 2,
   * all times 0).
   */
  public AbstractState initialState() {
    AbstractState s = new AbstractState(config.capacity());
    Metadata m =
        new Metadata(config.rootMode(), 2, config.rootUid(), config.rootGid(), NfsTime.ZERO);
    s.put(Oid.ROOT.index(), Oid.ROOT.generation(), new DirectoryObject(m, Oid.ROOT));
    return s;
  }

  /**
   * Executes one call on {@code state} (which it changes) at the agreed time.
   *
   * @return the reply; never throws for any call a client can send
   */
  public NfsReply execute(AbstractState state, NfsCall call, AgreedValues agreed) {
    Procedure p = Procedure.byNumber(call.procedure());
    if (p == null) {
      return NfsReply.procUnavailable();
    }
    if (p == Procedure.NULL) {
      return call.arguments().length == 0 ? NfsReply.success(new byte[0]) : NfsReply.garbageArgs();
    }
    Execution x =
        new Execution(
            state,
            config,
            handles,
            Caller.of(call.credentials(), config),
            new NfsTime(agreed.seconds(), agreed.nanos()));
    try {
      return NfsReply.success(run(procedures.handler(p), x, call.arguments()));
    } catch (MalformedXdrException e) {
      return NfsReply.garbageArgs();
    }
  }

  private static <A extends XdrAble, R extends XdrAble> byte[] run(
      ProcedureHandler<A, R> handler, Execution x, byte[] arguments) throws MalformedXdrException {
    A args = XdrCodec.decode(arguments, handler.newArguments());
    handler.validate(args);
    R result;
    try {
      result = handler.execute(x, args);
    } catch (NfsException e) {
      result = handler.failure(x, args, e.status());
    }
    return XdrCodec.encode(result);
  }
}
