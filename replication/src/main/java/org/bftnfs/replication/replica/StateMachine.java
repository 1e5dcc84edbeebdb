package org.bftnfs.replication.replica;

import java.util.List;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.wrapper.ConformanceWrapper;

/**
 * What a replica executes: the paper's Figure 1 upcalls of one implementation of the abstract
 * specification — in a deployment a {@link ConformanceWrapper} over a real backend.
 */
public interface StateMachine extends AutoCloseable {

  /** The execute upcall; throws {@code ReplicaFaultException} when the backend fails. */
  NfsReply execute(NfsCall call, AgreedValues agreed);

  /** Number of entries of the abstract state. */
  int capacity();

  /** The abstraction function. */
  byte[] getObj(int index);

  /** Its inverse. */
  void putObjs(List<ConformanceWrapper.ObjectValue> values);

  @Override
  void close();

  /** A conformance wrapper as a state machine. */
  static StateMachine of(ConformanceWrapper w) {
    return new StateMachine() {
      @Override
      public NfsReply execute(NfsCall call, AgreedValues agreed) {
        return w.execute(call, agreed);
      }

      @Override
      public int capacity() {
        return w.capacity();
      }

      @Override
      public byte[] getObj(int index) {
        return w.getObj(index);
      }

      @Override
      public void putObjs(List<ConformanceWrapper.ObjectValue> values) {
        w.putObjs(values);
      }

      @Override
      public void close() {
        w.close();
      }
    };
  }

  /**
   * The reference implementation in memory as a state machine (tests, and replicas configured with
   * the {@code spec} backend). Its state is lost when the process ends.
   */
  static StateMachine reference(SpecConfig config) {
    AbstractSpec spec = new AbstractSpec(config);
    AbstractState state = spec.initialState();
    return new StateMachine() {
      @Override
      public NfsReply execute(NfsCall call, AgreedValues agreed) {
        return spec.execute(state, call, agreed);
      }

      @Override
      public int capacity() {
        return state.capacity();
      }

      @Override
      public byte[] getObj(int index) {
        return ObjectCodec.encode(state.generation(index), state.object(index));
      }

      @Override
      public void putObjs(List<ConformanceWrapper.ObjectValue> values) {
        for (ConformanceWrapper.ObjectValue v : values) {
          ObjectCodec.Entry e = ObjectCodec.decode(v.encoding());
          state.put(v.index(), e.generation(), e.object());
        }
      }

      @Override
      public void close() {}
    };
  }
}
