package org.bftnfs.wrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;

/**
 * The conformance wrapper of one replica (paper §2.1, §3.2, Figure 1): it makes an off-the-shelf
 * file system implementation behave exactly like the common abstract specification.
 *
 * <ul>
 *   <li>{@link #execute} — the {@code execute} upcall: runs the call with the agreed values. Every
 *       decision the specification makes (errors and their precedence, permissions, limits,
 *       attributes, timestamps, oids, directory order and cookies) is taken on the abstract view
 *       held in the {@link ConformanceRep}; every change is sent to the backend (namespace, modes,
 *       owners through {@link BackendMirror}, file data through {@link BackendFileContent}), and
 *       file data is read from the backend. The reply is therefore byte-identical to the reference
 *       implementation's, while the state lives in the off-the-shelf implementation.
 *   <li>{@link #getObj} — the abstraction function (paper §3.3), computed from the backend.
 *   <li>{@link #putObjs} — its inverse (paper §3.3).
 *   <li>{@link #setModifyListener} — {@code modify(i)} is announced before every change to entry
 *       {@code i} (checkpoints hook it).
 * </ul>
 *
 * <p>A backend failure during an execution is a fault of this replica: {@link #execute} throws
 * {@link ReplicaFaultException} (never a wrong reply) and the wrapper refuses further calls until
 * {@link #putObjs} repairs it.
 *
 * <p>Determinism: nothing here reads a clock, a random source, or a concrete value (handle, fileid,
 * cookie, timestamp) into a reply or the abstract state; the agreed values come with each call. Not
 * thread-safe: the replica executes one call at a time.
 */
public final class ConformanceWrapper implements StateMachine {

  private final AbstractSpec spec;
  private final Backend backend;
  private final ConformanceRep rep;
  private final AbstractionFunction abstraction;
  private final InverseAbstraction inverse;
  private final ConsistencyCheck check;
  private String fault;

  private ConformanceWrapper(
      AbstractSpec spec, Backend backend, ConformanceRep rep, BackendLayout layout) {
    this.spec = spec;
    this.backend = backend;
    this.rep = rep;
    this.abstraction = new AbstractionFunction(backend, rep);
    this.inverse = new InverseAbstraction(backend, rep, layout, abstraction);
    this.check = new ConsistencyCheck(backend, rep, spec.config().handles());
    AbstractState view = rep.abstractView();
    view.setFileContents(() -> new BackendFileContent(backend, null, 0));
    view.setNamespaceListener(new BackendMirror(backend, rep));
  }

  /**
   * A wrapper over a backend whose export holds no file system yet: the abstract state is the
   * specification's initial state.
   *
   * @throws ReplicaFaultException when the export already holds files (restore the saved rep
   *     instead, or start from an empty directory)
   */
  public static ConformanceWrapper create(Backend backend, SpecConfig config) {
    BackendLayout layout = BackendLayout.prepare(backend);
    byte[] root = layout.root();
    if (!backend.readdir(root).isEmpty() || !backend.readdir(layout.unlinked()).isEmpty()) {
      throw new ReplicaFaultException(
          backend.describe()
              + " already holds files but no conformance rep was given: restore the saved rep,"
              + " or start from an empty export");
    }
    AbstractSpec spec = new AbstractSpec(config);
    ConformanceRep rep = new ConformanceRep(spec.initialState());
    AbstractObject r = rep.abstractView().get(Oid.ROOT);
    BackendMirror.pushOwnerAndMode(backend, root, r.meta());
    rep.bind(Oid.ROOT, root, BackendMirror.keyOf(backend.getattr(root)));
    return new ConformanceWrapper(spec, backend, rep, layout);
  }

  /**
   * A wrapper rebuilt from a saved rep (paper §3.4): the saved abstract values and identities, with
   * the concrete handles found again by walking the backend's tree from the root.
   *
   * @throws ReplicaFaultException when the file is unreadable or an object it names is missing from
   *     the backend
   */
  public static ConformanceWrapper restore(Backend backend, SpecConfig config, Path savedRep) {
    BackendLayout layout = BackendLayout.prepare(backend);
    AbstractSpec spec = new AbstractSpec(config);
    AbstractState view = new AbstractState(config.capacity());
    ConformanceRep rep = new ConformanceRep(view);
    Map<ConformanceRep.FileKey, byte[]> found = walk(backend, layout.root());
    for (RepStore.Saved s : RepStore.load(savedRep, config.capacity())) {
      AbstractObject value = s.value();
      if (value == null) {
        view.put(s.index(), s.generation(), null);
        continue;
      }
      byte[] handle = found.get(s.key());
      if (handle == null) {
        throw new ReplicaFaultException(
            backend.describe()
                + " no longer holds entry "
                + s.index()
                + " (fsid "
                + s.key().fsid()
                + ", fileid "
                + s.key().fileid()
                + "): it needs state transfer");
      }
      Oid oid = new Oid(s.index(), s.generation());
      rep.bind(oid, handle, s.key());
      if (value instanceof FileObject f) {
        FileObject v =
            new FileObject(
                f.meta().copy(), new BackendFileContent(backend, handle, f.data().size()));
        v.setCreateVerifier(f.createVerifier());
        value = v;
      }
      view.put(s.index(), s.generation(), value);
    }
    if (!(view.get(Oid.ROOT) instanceof DirectoryObject)) {
      throw new ReplicaFaultException(savedRep + " holds no root directory");
    }
    return new ConformanceWrapper(spec, backend, rep, layout);
  }

  /** Every object reachable from {@code root}, by persistent identity. */
  private static Map<ConformanceRep.FileKey, byte[]> walk(Backend backend, byte[] root) {
    Map<ConformanceRep.FileKey, byte[]> found = new HashMap<>();
    found.put(BackendMirror.keyOf(backend.getattr(root)), root);
    Deque<byte[]> dirs = new ArrayDeque<>();
    dirs.push(root);
    while (!dirs.isEmpty()) {
      for (Backend.Entry e : backend.readdir(dirs.pop())) {
        if (found.putIfAbsent(BackendMirror.keyOf(e.attributes()), e.handle()) == null
            && e.attributes().kind() == Backend.Kind.DIRECTORY) {
          dirs.push(e.handle());
        }
      }
    }
    return found;
  }

  /**
   * The {@code execute} upcall: runs one NFSv3 call at the agreed time.
   *
   * @throws ReplicaFaultException when the backend fails (this replica must not answer)
   */
  @Override
  public NfsReply execute(NfsCall call, AgreedValues agreed) {
    requireHealthy();
    try {
      NfsReply reply = spec.execute(rep.abstractView(), call, agreed);
      check.afterReadOnly(call);
      return reply;
    } catch (BackendException | ReplicaFaultException e) {
      throw markFaulty("procedure " + call.procedure() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw markFaulty("procedure " + call.procedure() + " failed unexpectedly: " + e, e);
    }
  }

  /** The abstraction function: the canonical encoding of entry {@code index}. */
  @Override
  public byte[] getObj(int index) {
    try {
      return abstraction.getObj(index);
    } catch (BackendException e) {
      throw new ReplicaFaultException("getObj(" + index + "): " + e.getMessage(), e);
    }
  }

  /** The abstraction function as a stream: file data read from the backend in segments. */
  @Override
  public void writeObj(int index, OutputStream out) throws IOException {
    try {
      abstraction.writeObj(index, out);
    } catch (BackendException e) {
      throw new ReplicaFaultException("getObj(" + index + "): " + e.getMessage(), e);
    }
  }

  /** One piece of the abstraction function's value: at most one segment of a file's data read. */
  @Override
  public void writeObjPiece(int index, long key, OutputStream out) throws IOException {
    try {
      abstraction.writeObjPiece(index, key, out);
    } catch (BackendException e) {
      throw new ReplicaFaultException(
          "getObj(" + index + ") piece " + key + ": " + e.getMessage(), e);
    }
  }

  /** The inverse abstraction function; repairs a faulty wrapper when it succeeds. */
  @Override
  public void putObjs(List<ObjectValue> values) {
    try {
      inverse.putObjs(
          values.stream().map(v -> new InverseAbstraction.Value(v.index(), v::bytes)).toList());
      fault = null;
    } catch (BackendException e) {
      throw markFaulty("putObjs: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ReplicaFaultException("putObjs: a value is not a canonical object: " + e, e);
    }
  }

  /** Receives {@code modify(i)} before every change to entry {@code i}. */
  @Override
  public void setModifyListener(AbstractState.ModifyListener listener) {
    rep.abstractView().setModifyListener(listener);
  }

  /** Number of entries of the abstract state. */
  @Override
  public int capacity() {
    return rep.abstractView().capacity();
  }

  /** One past the highest entry ever used ({@link AbstractState#extent()}). */
  @Override
  public int extent() {
    return rep.abstractView().extent();
  }

  /** The conformance rep (read-only use: tests, state transfer). */
  public ConformanceRep rep() {
    return rep;
  }

  /** Saves the conformance rep (paper §3.4) for {@link #restore}. */
  public void saveRep(Path file) {
    RepStore.save(rep, file);
  }

  /** Why the wrapper refuses calls, or null when it is healthy. */
  public String fault() {
    return fault;
  }

  @Override
  public void close() {
    backend.close();
  }

  private void requireHealthy() {
    if (fault != null) {
      throw new ReplicaFaultException("replica is faulty (" + fault + "); it needs state transfer");
    }
  }

  private ReplicaFaultException markFaulty(String reason, RuntimeException cause) {
    fault = backend.describe() + ": " + reason;
    return new ReplicaFaultException(fault, cause);
  }
}
