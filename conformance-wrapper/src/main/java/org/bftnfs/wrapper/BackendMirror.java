package org.bftnfs.wrapper;

import org.bftnfs.backend.Backend;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.Metadata;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.NamespaceListener;
import org.bftnfs.spec.state.ObjectType;
import org.bftnfs.spec.state.SymlinkObject;

/**
 * Sends each namespace change the specification made to the backend (paper §3.2: the wrapper "sends
 * the modified request to the underlying NFS server") and updates the conformance rep: a created
 * object's concrete handle and persistent identity are recorded, a freed one's forgotten. Modes and
 * owners of files and directories are kept in the backend; those of symbolic links only in the rep
 * (not every server can change them).
 */
final class BackendMirror implements NamespaceListener {

  private final Backend backend;
  private final ConformanceRep rep;

  BackendMirror(Backend backend, ConformanceRep rep) {
    this.backend = backend;
    this.rep = rep;
  }

  private AbstractState view() {
    return rep.abstractView();
  }

  @Override
  public void created(Oid dir, Name name, Oid object) {
    AbstractObject o = view().get(object);
    byte[] parent = rep.handle(dir);
    Metadata m = o.meta();
    Backend.Found f =
        switch (o.type()) {
          case FILE -> backend.create(parent, name.bytes(), m.mode);
          case DIRECTORY -> backend.mkdir(parent, name.bytes(), m.mode);
          case SYMLINK -> backend.symlink(parent, name.bytes(), ((SymlinkObject) o).target());
          case FREE -> throw new IllegalStateException("created a free object");
        };
    rep.bind(object, f.handle(), keyOf(f.attributes()));
    if (o.type() != ObjectType.SYMLINK) {
      pushOwnerAndMode(backend, f.handle(), m);
    }
    if (o instanceof FileObject file) {
      ((BackendFileContent) file.data()).bind(f.handle());
    }
  }

  @Override
  public void linked(Oid dir, Name name, Oid object) {
    backend.link(rep.handle(object), rep.handle(dir), name.bytes());
  }

  @Override
  public void unlinked(Oid dir, Name name, Oid object, ObjectType type, boolean freed) {
    if (type == ObjectType.DIRECTORY) {
      backend.rmdir(rep.handle(dir), name.bytes());
    } else {
      backend.remove(rep.handle(dir), name.bytes());
    }
    if (freed) {
      rep.unbind(object.index());
    }
  }

  @Override
  public void renamed(
      Oid fromDir,
      Name fromName,
      Oid toDir,
      Name toName,
      Oid object,
      Oid replaced,
      boolean replacedFreed) {
    backend.rename(rep.handle(fromDir), fromName.bytes(), rep.handle(toDir), toName.bytes());
    if (replaced != null && replacedFreed) {
      rep.unbind(replaced.index());
    }
  }

  @Override
  public void attributesChanged(Oid object) {
    AbstractObject o = view().get(object);
    if (o.type() != ObjectType.SYMLINK) {
      pushOwnerAndMode(backend, rep.handle(object), o.meta());
    }
  }

  /**
   * Gives a backend object the abstract owner, group and mode. Changing the owner clears the
   * set-user-id and set-group-id bits on POSIX systems, so when the mode has them, the owner is set
   * first and the mode after, in two calls.
   */
  static void pushOwnerAndMode(Backend backend, byte[] handle, Metadata m) {
    if ((m.mode & 06000) == 0) {
      backend.setattr(handle, Backend.SetAttributes.owner(m.mode, m.uid, m.gid));
    } else {
      backend.setattr(handle, new Backend.SetAttributes(null, m.uid, m.gid, null));
      backend.setattr(handle, new Backend.SetAttributes(m.mode, null, null, null));
    }
  }

  static ConformanceRep.FileKey keyOf(Backend.Attributes a) {
    return new ConformanceRep.FileKey(a.fsid(), a.fileid());
  }
}
