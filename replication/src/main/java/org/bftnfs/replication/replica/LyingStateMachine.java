package org.bftnfs.replication.replica;

import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.nfsstat3;

/**
 * <b>For fault-injection tests only</b> (a Byzantine replica, paper §2.2): a {@link StateMachine}
 * that executes every call honestly but returns wrong file data in every successful READ reply
 * (each data byte inverted), which the replica then signs as usual. Everything else — the state,
 * other replies, {@code getObj}, {@code putObjs} — is the wrapped machine's, so the replica keeps
 * taking part in ordering and checkpoints while it lies to clients.
 *
 * <p>Never used unless a replica is started with {@code BFTNFS_FAULT=lie} in its environment.
 */
public final class LyingStateMachine extends ForwardingStateMachine {

  public LyingStateMachine(StateMachine honest) {
    super(honest);
  }

  @Override
  public NfsReply execute(NfsCall call, AgreedValues agreed) {
    NfsReply reply = honest.execute(call, agreed);
    if (call.procedure() != Procedure.READ.number()
        || reply.outcome() != NfsReply.Outcome.SUCCESS) {
      return reply;
    }
    READ3res res;
    try {
      res = XdrCodec.decode(reply.result(), new READ3res());
    } catch (MalformedXdrException e) {
      throw new IllegalStateException("the honest READ reply does not decode", e);
    }
    if (res.status != nfsstat3.NFS3_OK || res.resok.data.length == 0) {
      return reply;
    }
    byte[] wrong = res.resok.data.clone();
    for (int i = 0; i < wrong.length; i++) {
      wrong[i] = (byte) ~wrong[i];
    }
    res.resok.data = wrong;
    return NfsReply.success(XdrCodec.encode(res));
  }
}
