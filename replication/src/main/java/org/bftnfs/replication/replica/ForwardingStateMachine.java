package org.bftnfs.replication.replica;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.StateMachine;

/**
 * A {@link StateMachine} that forwards every upcall to another: the base of the fault-injection
 * machines, which override only what they falsify. Thread-safety: the wrapped machine's.
 */
abstract class ForwardingStateMachine implements StateMachine {

  /** The machine the upcalls go to. */
  protected final StateMachine honest;

  ForwardingStateMachine(StateMachine honest) {
    this.honest = honest;
  }

  @Override
  public NfsReply execute(NfsCall call, AgreedValues agreed) {
    return honest.execute(call, agreed);
  }

  @Override
  public int capacity() {
    return honest.capacity();
  }

  @Override
  public int extent() {
    return honest.extent();
  }

  @Override
  public byte[] getObj(int index) {
    return honest.getObj(index);
  }

  @Override
  public void writeObj(int index, OutputStream out) throws IOException {
    honest.writeObj(index, out);
  }

  @Override
  public void writeObjPiece(int index, long key, OutputStream out) throws IOException {
    honest.writeObjPiece(index, key, out);
  }

  @Override
  public void putObjs(List<ObjectValue> values) {
    honest.putObjs(values);
  }

  @Override
  public void setModifyListener(AbstractState.ModifyListener listener) {
    honest.setModifyListener(listener);
  }

  @Override
  public void close() {
    honest.close();
  }
}
