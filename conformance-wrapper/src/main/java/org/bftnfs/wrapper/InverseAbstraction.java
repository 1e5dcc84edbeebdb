package org.bftnfs.wrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.bftnfs.backend.Backend;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.EncodedBytes;
import org.bftnfs.spec.state.FileContent;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.Metadata;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.state.SymlinkObject;
import org.bftnfs.spec.upcall.ReplicaFaultException;

/**
 * The inverse abstraction function {@code put_objs} (paper §3.3): brings the backend and the
 * conformance rep to given abstract values of some entries, from any starting state.
 *
 * <p>For each object {@code o} for entry {@code e}, the paper's three cases: (1) {@code e} holds
 * {@code o}'s generation: the object is updated in place through its handle; (2) {@code e} holds
 * another object: that one will disappear, and (3) {@code e} is free: the object is created in the
 * backend's {@link BackendLayout#UNLINKED unlinked} directory. Then every directory given is made
 * to hold exactly its abstract entries: entries that are not wanted are removed, parking objects
 * that live on elsewhere in the unlinked directory; missing entries are linked, moving parked
 * objects into place. "It is guaranteed that the directories that point to the object will be
 * processed" — the values given must include every directory whose entries changed; objects left
 * parked at the end are a fault.
 *
 * <p>Afterwards the abstract view holds the given values and {@code getObj} of each given entry is
 * checked against the value given: a backend that does not take the state is a fault.
 *
 * <p>Memory: the values are read one at a time, twice (pass 1 creates and updates each object; pass
 * 3 checks it) and may be loaded on demand; between passes only each entry's generation and view
 * object are kept (metadata and directory entries, never file contents), so installing a whole
 * state of large files costs memory for its metadata, not its bytes. A file's value is decoded in
 * place ({@link ObjectCodec#decodeInPlace(EncodedBytes)}: its data is read from the encoding's runs
 * where they are stored, a chunk at a time) and checked against the backend's value as both are
 * streamed, so a file of any size costs a chunk of memory and an index of its runs.
 */
final class InverseAbstraction {

  private final Backend backend;
  private final ConformanceRep rep;
  private final BackendLayout layout;
  private final AbstractionFunction abstraction;

  /** Objects parked in the unlinked directory: index → generation parked under. */
  private final Map<Integer, Integer> parked = new TreeMap<>();

  InverseAbstraction(
      Backend backend, ConformanceRep rep, BackendLayout layout, AbstractionFunction abstraction) {
    this.backend = backend;
    this.rep = rep;
    this.layout = layout;
    this.abstraction = abstraction;
  }

  /**
   * One abstract value to install: the canonical encoding of entry {@code index}, loaded when
   * needed (twice: to install it and to check what the backend took).
   */
  record Value(int index, Supplier<EncodedBytes> encoding) {}

  /**
   * What an install keeps of an entry after its first pass: its generation and the object the
   * abstract view will hold (null for a free entry) — for a file its metadata over the backend's
   * content, never the file's bytes.
   */
  private record Head(int generation, AbstractObject object) {
    boolean free() {
      return object == null;
    }
  }

  /**
   * Installs {@code values} (ascending or not; one per entry). Memory: one value's decoded object
   * at a time, plus the metadata and directories of all values.
   */
  void putObjs(List<Value> values) {
    parked.clear();
    AbstractState view = rep.abstractView();
    TreeMap<Integer, Head> wanted = new TreeMap<>();
    Set<Integer> directoriesToSync = new HashSet<>();
    // pass 1, one value at a time: objects new to their entry (cases 2 and 3) are created parked,
    // then every object's data and attributes are brought to the value; only its head is kept
    for (Value v : values) {
      int i = v.index();
      ObjectCodec.Entry e = ObjectCodec.decodeInPlace(v.encoding().get());
      AbstractObject o = e.object();
      if (o != null) {
        boolean same = view.object(i) != null && view.generation(i) == e.generation();
        if (!same) {
          createParked(i, e.generation(), o);
        }
        updateInPlace(i, e.generation(), o, directoriesToSync);
      }
      wanted.put(i, new Head(e.generation(), viewObject(i, o)));
    }
    // pass 2: directories hold exactly their entries
    Map<Integer, TreeMap<Name, Oid>> desired = new TreeMap<>();
    for (var w : wanted.entrySet()) {
      if (w.getValue().object() instanceof DirectoryObject d) {
        desired.put(w.getKey(), entriesOf(d));
      }
    }
    for (int i : directoriesToSync) {
      if (!desired.containsKey(i) && view.object(i) instanceof DirectoryObject d) {
        desired.put(i, entriesOf(d));
      }
    }
    for (var d : desired.entrySet()) {
      prune(d.getKey(), d.getValue(), wanted);
    }
    for (var d : desired.entrySet()) {
      fill(d.getKey(), d.getValue());
    }
    releaseParked();
    // the view and the rep hold the new values
    for (var w : wanted.entrySet()) {
      int i = w.getKey();
      Head h = w.getValue();
      if (h.free()) {
        rep.unbind(i);
      }
      view.put(i, h.generation(), h.object());
    }
    // pass 3, one value at a time: the backend took each, byte for byte (which also makes sure
    // every value given was the canonical encoding: decodeInPlace does not check that)
    for (Value v : values) {
      if (!takes(v.index(), v.encoding().get())) {
        throw new ReplicaFaultException(
            backend.describe() + " did not take the abstract value of entry " + v.index());
      }
    }
  }

  private static TreeMap<Name, Oid> entriesOf(DirectoryObject d) {
    TreeMap<Name, Oid> m = new TreeMap<>();
    d.entries().forEach((n, e) -> m.put(n, e.oid()));
    return m;
  }

  private void createParked(int index, int generation, AbstractObject o) {
    byte[] name = BackendLayout.parkedName(index, generation);
    byte[] dir = layout.unlinked();
    Backend.Found f =
        switch (o.type()) {
          case FILE -> backend.create(dir, name, 0600);
          case DIRECTORY -> backend.mkdir(dir, name, 0700);
          case SYMLINK -> backend.symlink(dir, name, ((SymlinkObject) o).target());
          case FREE -> throw new IllegalStateException("free object");
        };
    rep.bind(new Oid(index, generation), f.handle(), BackendMirror.keyOf(f.attributes()));
    parked.put(index, generation);
  }

  /** Case 1 (and the fresh objects of cases 2, 3): attributes and contents. */
  private void updateInPlace(
      int index, int generation, AbstractObject o, Set<Integer> directoriesToSync) {
    byte[] h = rep.handle(index);
    Metadata m = o.meta();
    if (o instanceof FileObject f) {
      syncData(h, f.data());
      BackendMirror.pushOwnerAndMode(backend, h, m);
    } else if (o instanceof DirectoryObject) {
      BackendMirror.pushOwnerAndMode(backend, h, m);
    } else {
      byte[] target = ((SymlinkObject) o).target();
      if (!Arrays.equals(backend.readlink(h), target)) {
        // a symbolic link's target cannot change in place: make a new one and relink it
        // wherever the old one is linked
        directoriesToSync.addAll(parentsOf(new Oid(index, generation)));
        createParked(index, generation, o);
      }
    }
  }

  private Set<Integer> parentsOf(Oid oid) {
    AbstractState view = rep.abstractView();
    Set<Integer> parents = new HashSet<>();
    for (int i = 0; i < view.extent(); i++) {
      if (view.object(i) instanceof DirectoryObject d
          && d.entries().values().stream().anyMatch(e -> e.oid().equals(oid))) {
        parents.add(i);
      }
    }
    return parents;
  }

  /**
   * Whether the abstraction function now gives exactly {@code expected} for entry {@code index},
   * compared as it is streamed (a large file is not held twice).
   */
  private boolean takes(int index, EncodedBytes expected) {
    Comparing out = new Comparing(expected);
    try {
      abstraction.writeObj(index, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the comparing stream never throws
    }
    return out.same();
  }

  /**
   * An output stream that compares what is written with expected bytes, read from where they are a
   * part at a time.
   */
  private static final class Comparing extends OutputStream {
    private final EncodedBytes expected;
    private final long length;
    private byte[] part = new byte[0];
    private long at;
    private boolean differs;

    Comparing(EncodedBytes expected) {
      this.expected = expected;
      this.length = expected.length();
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (!differs && at + len > length) {
        differs = true;
      }
      if (!differs) {
        if (part.length < len) {
          part = new byte[len];
        }
        expected.read(at, part, 0, len);
        differs = !Arrays.equals(b, off, off + len, part, 0, len);
      }
      at += len;
    }

    boolean same() {
      return !differs && at == length;
    }
  }

  /** Makes the backend file hold exactly {@code data}, writing only blocks that differ. */
  private void syncData(byte[] h, FileContent data) {
    long current = backend.getattr(h).size();
    if (current != data.size()) {
      backend.setattr(h, Backend.SetAttributes.size(data.size()));
    }
    int chunk = BackendFileContent.CHUNK;
    for (long off = 0; off < data.size(); off += chunk) {
      int n = (int) Math.min(chunk, data.size() - off);
      byte[] want = data.read(off, n);
      byte[] have = backend.read(h, off, n);
      for (int b = 0; b < n; b += FileData.BLOCK) {
        int end = Math.min(b + FileData.BLOCK, n);
        if (have.length < end
            || !Arrays.equals(want, b, end, have, b, Math.min(end, have.length))) {
          backend.write(h, off + b, Arrays.copyOfRange(want, b, end));
        }
      }
    }
  }

  /** Pass 2, first half: removes every entry of directory {@code dirIndex} that is not wanted. */
  private void prune(int dirIndex, TreeMap<Name, Oid> want, TreeMap<Integer, Head> wanted) {
    byte[] dir = rep.handle(dirIndex);
    for (Backend.Entry e : backend.readdir(dir)) {
      Name name = Name.of(e.name());
      Oid current = rep.oidOfFileKey(BackendMirror.keyOf(e.attributes()));
      Oid desired = want.get(name);
      if (desired != null && desired.equals(current)) {
        continue;
      }
      dispose(dir, e, current, wanted);
    }
  }

  /** Removes one unwanted entry, parking its object when it lives on. */
  private void dispose(byte[] dir, Backend.Entry e, Oid current, TreeMap<Integer, Head> wanted) {
    if (current != null && livesOn(current, wanted) && !parked.containsKey(current.index())) {
      backend.rename(
          dir,
          e.name(),
          layout.unlinked(),
          BackendLayout.parkedName(current.index(), current.generation()));
      parked.put(current.index(), current.generation());
    } else if (e.attributes().kind() == Backend.Kind.DIRECTORY) {
      removeTree(dir, e, wanted);
    } else {
      backend.remove(dir, e.name());
    }
  }

  /** Removes a directory that does not live on, parking whatever inside it does. */
  private void removeTree(byte[] parent, Backend.Entry dirEntry, TreeMap<Integer, Head> wanted) {
    for (Backend.Entry e : backend.readdir(dirEntry.handle())) {
      Oid current = rep.oidOfFileKey(BackendMirror.keyOf(e.attributes()));
      dispose(dirEntry.handle(), e, current, wanted);
    }
    backend.rmdir(parent, dirEntry.name());
  }

  /** True when {@code oid} exists after this putObjs. */
  private boolean livesOn(Oid oid, TreeMap<Integer, Head> wanted) {
    Head w = wanted.get(oid.index());
    if (w != null) {
      return !w.free() && w.generation() == oid.generation();
    }
    return rep.abstractView().get(oid) != null;
  }

  /** Pass 2, second half: links every wanted entry that is missing. */
  private void fill(int dirIndex, TreeMap<Name, Oid> want) {
    byte[] dir = rep.handle(dirIndex);
    Set<Name> present = new HashSet<>();
    for (Backend.Entry e : backend.readdir(dir)) {
      present.add(Name.of(e.name()));
    }
    for (var w : want.entrySet()) {
      if (present.contains(w.getKey())) {
        continue;
      }
      Oid oid = w.getValue();
      Integer parkedGeneration = parked.get(oid.index());
      if (parkedGeneration != null && parkedGeneration == oid.generation()) {
        backend.rename(
            layout.unlinked(),
            BackendLayout.parkedName(oid.index(), oid.generation()),
            dir,
            w.getKey().bytes());
        parked.remove(oid.index());
      } else if (backend.getattr(rep.handle(oid)).kind() != Backend.Kind.DIRECTORY) {
        backend.link(rep.handle(oid), dir, w.getKey().bytes());
      } else {
        throw new ReplicaFaultException(
            "putObjs: directory "
                + oid
                + " must move into entry "
                + dirIndex
                + " but its old parent was not given");
      }
    }
  }

  /** Parked objects still linked elsewhere lose their parking name; others are a fault. */
  private void releaseParked() {
    for (var p : new ArrayList<>(parked.entrySet())) {
      byte[] name = BackendLayout.parkedName(p.getKey(), p.getValue());
      Backend.Found f =
          backend
              .lookup(layout.unlinked(), name)
              .orElseThrow(() -> new ReplicaFaultException("parked object vanished"));
      if (f.attributes().kind() != Backend.Kind.DIRECTORY && f.attributes().nlink() > 1) {
        backend.remove(layout.unlinked(), name);
        parked.remove(p.getKey());
      } else {
        throw new ReplicaFaultException(
            "putObjs: entry "
                + p.getKey()
                + " exists but no directory given links it (incomplete set of values)");
      }
    }
  }

  /**
   * The object the abstract view holds for a value (null for a free entry): file contents stay in
   * the backend.
   */
  private AbstractObject viewObject(int index, AbstractObject o) {
    if (o instanceof FileObject f) {
      FileObject v =
          new FileObject(
              o.meta().copy(), new BackendFileContent(backend, rep.handle(index), f.data().size()));
      v.setCreateVerifier(f.createVerifier());
      return v;
    }
    return o;
  }
}
