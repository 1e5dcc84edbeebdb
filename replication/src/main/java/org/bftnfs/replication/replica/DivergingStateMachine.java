package org.bftnfs.replication.replica;

import java.util.List;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.StateMachine;

/**
 * <b>For fault-injection tests only</b>: a {@link StateMachine} whose state departs from the
 * others' once, silently — the kind of fault only checkpoint agreement finds (paper §2.2). After
 * the first successful call that is not read-only it executes, it also changes the root directory's
 * mode (to {@value #WRONG_MODE}, octal) through its own {@code putObjs}, announced like any change:
 * its backend and its conformance rep agree with the wrong state, so scrubbing finds nothing, but
 * its next checkpoint's root differs from the one the other replicas sign. Every reply is the
 * honest machine's.
 *
 * <p>Never used unless a replica is started with {@code BFTNFS_FAULT=diverge} in its environment.
 */
public final class DivergingStateMachine extends ForwardingStateMachine {

  /** The root directory's mode after the divergence. */
  static final int WRONG_MODE = 0700;

  private boolean diverged;

  public DivergingStateMachine(StateMachine honest) {
    super(honest);
  }

  @Override
  public NfsReply execute(NfsCall call, AgreedValues agreed) {
    NfsReply reply = honest.execute(call, agreed);
    if (!diverged && !call.readOnly() && reply.outcome() == NfsReply.Outcome.SUCCESS) {
      diverged = true;
      ObjectCodec.Entry root = ObjectCodec.decode(honest.getObj(0));
      if (root.object() instanceof DirectoryObject d && d.meta().mode != WRONG_MODE) {
        d.meta().mode = WRONG_MODE;
        honest.putObjs(List.of(new ObjectValue(0, ObjectCodec.encode(root.generation(), d))));
      }
    }
    return reply;
  }
}
