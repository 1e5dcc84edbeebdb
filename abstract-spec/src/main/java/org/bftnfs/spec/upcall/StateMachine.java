package org.bftnfs.spec.upcall;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.state.ObjectCodec;

/**
 * What a replica executes: one implementation of the abstract specification seen through the
 * paper's Figure 1 upcalls. In a deployment it is a conformance wrapper over a real backend (module
 * {@code conformance-wrapper}); {@link #reference} is the in-memory reference implementation.
 *
 * <ul>
 *   <li>{@link #execute} — the {@code execute} upcall: one NFSv3 call with the values the replicas
 *       agreed for it;
 *   <li>{@link #getObj} — the abstraction function ({@code get_obj}, paper §3.3);
 *   <li>{@link #putObjs} — its inverse ({@code put_objs}, paper §3.3);
 *   <li>{@link #setModifyListener} — {@code modify(i)} is announced before entry {@code i} changes
 *       (copy-on-write checkpoints hook it, paper §2.2); a change to some of a file's data is
 *       announced as such ({@code modifyFile}), so that a checkpoint copies and re-hashes the
 *       pieces of the file that change ({@link #writeObjPiece}), not the file.
 * </ul>
 *
 * <p><b>Determinism contract.</b> Started from the same abstract state, given the same calls with
 * the same agreed values in the same order, every correct implementation returns byte-identical
 * replies, announces the same {@code modify} indices, and reaches the same abstract state ({@link
 * #getObj} equal for every index). Nothing an implementation does may depend on a local clock, a
 * random source, a hash-map iteration order, or a value that differs between implementations
 * (handles, fileids, cookies, free space). Read-only calls ({@link NfsCall#readOnly}) change
 * nothing and announce nothing.
 *
 * <p><b>Faults.</b> An implementation that cannot execute correctly (its backend failed, timed out,
 * answered what the specification does not allow, or holds a state that differs from what it
 * should) throws {@link ReplicaFaultException} — never a wrong reply — and may refuse further calls
 * until {@link #putObjs} repairs it.
 *
 * <p>Threads: one call at a time (the replica serialises execution, state conversion and reads).
 */
public interface StateMachine extends ExecuteUpcall, AutoCloseable {

  /**
   * The execute upcall.
   *
   * @throws ReplicaFaultException when this implementation cannot execute correctly
   */
  @Override
  NfsReply execute(NfsCall call, AgreedValues agreed);

  /** Number of entries of the abstract state. */
  int capacity();

  /**
   * One past the highest entry that was ever used: every entry at or past it is free with
   * generation 0 (its {@link #getObj} is the encoding of a never-used entry), so reading the whole
   * state means reading {@code [0, extent())}. At most {@link #capacity()}; it grows with the
   * objects in use, not with the capacity (new objects take the lowest free index).
   */
  int extent();

  /**
   * The abstraction function: the canonical encoding of entry {@code index} ({@link ObjectCodec}).
   *
   * @throws ReplicaFaultException when it cannot be computed from the implementation's state
   */
  byte[] getObj(int index);

  /**
   * The abstraction function as a stream: writes to {@code out} exactly the bytes {@link #getObj}
   * returns, without holding an object's whole encoding (a large file is read in bounded segments).
   * What checkpoints and scrubbing hash.
   *
   * @throws ReplicaFaultException when it cannot be computed from the implementation's state
   * @throws IOException when {@code out} fails
   */
  default void writeObj(int index, OutputStream out) throws IOException {
    out.write(getObj(index));
  }

  /**
   * One piece of the abstraction function's value: writes to {@code out} the body of piece {@code
   * key} of the bytes {@link #getObj} returns ({@link ObjectCodec}: piece 0 is all but a file's
   * data, piece {@code 1 + s} the data of its segment {@code s}), or nothing when they have no such
   * piece. What a checkpoint reads when a listener heard that only some of a large file's data
   * changes ({@link AbstractState.ModifyListener#modifyFile}); an implementation over a real
   * backend reads at most one segment of the file.
   *
   * @throws ReplicaFaultException when it cannot be computed from the implementation's state
   * @throws IOException when {@code out} fails
   */
  default void writeObjPiece(int index, long key, OutputStream out) throws IOException {
    byte[] body = ObjectCodec.pieceOf(getObj(index), key);
    if (body != null) {
      out.write(body);
    }
  }

  /**
   * The inverse abstraction function: brings the implementation's state to the given entries (the
   * caller guarantees the result is a consistent abstract state, the value of a checkpoint), as one
   * step: no call is executed before it returns.
   *
   * <p><b>Memory.</b> The values may be many and large (a replica recovered onto an empty export
   * receives its whole state) and may load their encodings on demand ({@link ObjectValue#loadedBy})
   * or leave them where they are stored ({@link ObjectValue#storedIn}). An implementation over a
   * real backend reads one value's encoding at a time, a file's contents part by part ({@link
   * ObjectValue#bytes()}, {@code ObjectCodec.decodeInPlace}), and does not keep file contents of
   * values it has installed, so that its memory grows with the entries' metadata (directories,
   * attributes), not with the bytes of their files, and a file of any size can be installed; it may
   * read a value again (to check what the backend took).
   */
  void putObjs(List<ObjectValue> values);

  /** Receives {@code modify(i)} before every change to entry {@code i}. */
  void setModifyListener(AbstractState.ModifyListener listener);

  @Override
  void close();

  /**
   * The reference implementation in memory (tests, and replicas configured with the {@code spec}
   * backend). Its state is lost when the process ends.
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
      public int extent() {
        return state.extent();
      }

      @Override
      public byte[] getObj(int index) {
        return ObjectCodec.encode(state.generation(index), state.object(index));
      }

      @Override
      public void writeObj(int index, OutputStream out) throws IOException {
        ObjectCodec.encode(state.generation(index), state.object(index), out);
      }

      @Override
      public void writeObjPiece(int index, long key, OutputStream out) throws IOException {
        ObjectCodec.encodePiece(state.generation(index), state.object(index), key, out);
      }

      @Override
      public void putObjs(List<ObjectValue> values) {
        for (ObjectValue v : values) {
          ObjectCodec.Entry e = ObjectCodec.decode(v.encoding());
          state.put(v.index(), e.generation(), e.object());
        }
      }

      @Override
      public void setModifyListener(AbstractState.ModifyListener listener) {
        state.setModifyListener(listener);
      }

      @Override
      public void close() {}
    };
  }
}
