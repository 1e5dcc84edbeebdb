package org.bftnfs.wrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.bftnfs.backend.Backend;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.Metadata;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.state.ObjectType;
import org.bftnfs.spec.state.SymlinkObject;
import org.bftnfs.spec.upcall.ReplicaFaultException;

/**
 * The abstraction function {@code get_obj} (paper §3.3): the abstract value of entry {@code i}
 * computed from the concrete state. "For each file system object, it uses the file handle stored in
 * the conformance rep to invoke the NFS server to obtain the data and meta-data for the object.
 * Then it replaces the concrete timestamp values by the abstract ones, converts the file handles in
 * directory entries to oids, and sorts the directories lexicographically."
 *
 * <p>From the backend: file data and sizes, directory entries (mapped to oids through the
 * persistent &lt;fsid, fileid&gt; map), symbolic link targets, modes and owners of files and
 * directories, link counts. From the rep: generations, timestamps, readdir cookies, the
 * exclusive-create verifier, symbolic links' metadata. A concrete state that differs from what the
 * rep expects therefore yields a different abstract value (and digest), which is how corruption is
 * found and repaired; an entry naming an object the rep does not know maps to the oid {@link
 * #UNKNOWN}.
 */
final class AbstractionFunction {

  /** The oid given to directory entries whose object the rep does not know. */
  static final Oid UNKNOWN = new Oid(-1, 0);

  private final Backend backend;
  private final ConformanceRep rep;

  AbstractionFunction(Backend backend, ConformanceRep rep) {
    this.backend = backend;
    this.rep = rep;
  }

  /** The canonical encoding of entry {@code index} as the backend holds it. */
  byte[] getObj(int index) {
    AbstractState view = rep.abstractView();
    int generation = view.generation(index);
    AbstractObject expected = view.object(index);
    if (expected == null) {
      return ObjectCodec.encode(generation, null);
    }
    return ObjectCodec.encode(generation, concreteValue(index, expected));
  }

  /**
   * Writes the canonical encoding of entry {@code index} as the backend holds it to {@code out},
   * reading a file's data from the backend in bounded segments rather than whole.
   */
  void writeObj(int index, OutputStream out) throws IOException {
    AbstractState view = rep.abstractView();
    int generation = view.generation(index);
    AbstractObject expected = view.object(index);
    ObjectCodec.encode(
        generation, expected == null ? null : concreteValue(index, expected, false), out);
  }

  /**
   * Writes the body of piece {@code key} of entry {@code index}'s encoding as the backend holds it
   * (nothing when there is no such piece), reading at most one segment of a file's data.
   */
  void writeObjPiece(int index, long key, OutputStream out) throws IOException {
    AbstractState view = rep.abstractView();
    int generation = view.generation(index);
    AbstractObject expected = view.object(index);
    if (key > 0 && !(expected instanceof FileObject)) {
      return; // only a file has pieces beyond piece 0
    }
    ObjectCodec.encodePiece(
        generation, expected == null ? null : concreteValue(index, expected, false), key, out);
  }

  /** The abstract object entry {@code index} has in the backend. */
  AbstractObject concreteValue(int index, AbstractObject expected) {
    return concreteValue(index, expected, true);
  }

  /**
   * The abstract object entry {@code index} has in the backend; a file's data read into memory when
   * {@code inMemory}, else left in the backend (read when encoded).
   */
  private AbstractObject concreteValue(int index, AbstractObject expected, boolean inMemory) {
    byte[] handle = rep.handle(index);
    Backend.Attributes a = backend.getattr(handle);
    Metadata m = expected.meta().copy();
    m.nlink = a.nlink();
    if (expected.type() != ObjectType.SYMLINK) {
      m.mode = a.mode();
      m.uid = a.uid();
      m.gid = a.gid();
    }
    Backend.Kind kind = a.kind();
    return switch (expected.type()) {
      case FILE -> {
        requireKind(index, kind, Backend.Kind.FILE);
        BackendFileContent content = new BackendFileContent(backend, handle, a.size());
        FileObject f = new FileObject(m, inMemory ? content.snapshot() : content);
        f.setCreateVerifier(((FileObject) expected).createVerifier());
        yield f;
      }
      case DIRECTORY -> {
        requireKind(index, kind, Backend.Kind.DIRECTORY);
        yield directory(handle, m, (DirectoryObject) expected);
      }
      case SYMLINK -> {
        requireKind(index, kind, Backend.Kind.SYMLINK);
        yield new SymlinkObject(m, backend.readlink(handle));
      }
      case FREE -> throw new IllegalStateException("free entry has no value");
    };
  }

  private DirectoryObject directory(byte[] handle, Metadata m, DirectoryObject expected) {
    TreeMap<Name, DirectoryObject.Entry> entries = new TreeMap<>();
    int subdirectories = 0;
    for (Backend.Entry e : backend.readdir(handle)) {
      Name name = Name.of(e.name());
      Oid oid = rep.oidOfFileKey(BackendMirror.keyOf(e.attributes()));
      DirectoryObject.Entry known = expected.get(name);
      long cookie = known == null ? 0 : known.cookie();
      entries.put(name, new DirectoryObject.Entry(oid == null ? UNKNOWN : oid, cookie));
      if (e.attributes().kind() == Backend.Kind.DIRECTORY) {
        subdirectories++;
      }
    }
    m.nlink = 2 + subdirectories;
    List<DirectoryObject.Removal> removals = new ArrayList<>(expected.removals());
    return new DirectoryObject(m, expected.parent(), entries, expected.nextCookie(), removals);
  }

  private void requireKind(int index, Backend.Kind actual, Backend.Kind wanted) {
    if (actual != wanted) {
      throw new ReplicaFaultException(
          backend.describe()
              + ": object of entry "
              + index
              + " is a "
              + actual
              + ", the abstract state says "
              + wanted);
    }
  }
}
