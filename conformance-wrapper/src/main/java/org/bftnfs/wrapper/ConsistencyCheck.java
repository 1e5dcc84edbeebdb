package org.bftnfs.wrapper;

import java.util.Arrays;
import java.util.Optional;
import org.bftnfs.backend.Backend;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.SymlinkObject;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.ACCESS3args;
import org.bftnfs.xdr.nfs.FSINFO3args;
import org.bftnfs.xdr.nfs.FSSTAT3args;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.LOOKUP3args;
import org.bftnfs.xdr.nfs.PATHCONF3args;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READDIR3args;
import org.bftnfs.xdr.nfs.READDIRPLUS3args;
import org.bftnfs.xdr.nfs.READLINK3args;
import org.bftnfs.xdr.nfs.nfs_fh3;

/**
 * Asks the backend about the object a read-only call names and compares its answer with the
 * abstract view, so that a dead, stale or corrupted backend is found at the first call that touches
 * the object rather than at the next checkpoint (paper §3.2: the wrapper "sends the modified
 * request to the underlying NFS server"; the server's answer is checked, not copied).
 *
 * <p>Checked: the object's kind; for files and directories mode, owner and group; for files the
 * size; for symbolic links the target; for LOOKUP of a name the object the backend finds. A
 * difference is a {@link ReplicaFaultException}. Mutating procedures need no check: they send their
 * changes to the backend, which fails loudly if it cannot take them.
 */
final class ConsistencyCheck {

  private final Backend backend;
  private final ConformanceRep rep;
  private final FileHandles handles;

  ConsistencyCheck(Backend backend, ConformanceRep rep, FileHandles handles) {
    this.backend = backend;
    this.rep = rep;
    this.handles = handles;
  }

  /** Checks the object a read-only call names (if it names a live one). */
  void afterReadOnly(NfsCall call) {
    Procedure p = Procedure.byNumber(call.procedure());
    if (p == null || !p.readOnly() || p == Procedure.NULL) {
      return;
    }
    try {
      byte[] args = call.arguments();
      switch (p) {
        case GETATTR -> check(XdrCodec.decode(args, new GETATTR3args()).object);
        case ACCESS -> check(XdrCodec.decode(args, new ACCESS3args()).object);
        case READLINK -> check(XdrCodec.decode(args, new READLINK3args()).symlink);
        case READ -> check(XdrCodec.decode(args, new READ3args()).file);
        case READDIR -> check(XdrCodec.decode(args, new READDIR3args()).dir);
        case READDIRPLUS -> check(XdrCodec.decode(args, new READDIRPLUS3args()).dir);
        case FSSTAT -> check(XdrCodec.decode(args, new FSSTAT3args()).fsroot);
        case FSINFO -> check(XdrCodec.decode(args, new FSINFO3args()).fsroot);
        case PATHCONF -> check(XdrCodec.decode(args, new PATHCONF3args()).object);
        case LOOKUP -> {
          LOOKUP3args a = XdrCodec.decode(args, new LOOKUP3args());
          check(a.what.dir).ifPresent(dir -> checkName(dir, a.what.name));
        }
        default -> {}
      }
    } catch (MalformedXdrException e) {
      // GARBAGE_ARGS: nothing was named
    }
  }

  /** Compares the backend's attributes of the named object with the abstract view. */
  private Optional<Oid> check(nfs_fh3 fh) {
    Oid oid = handles.decode(fh.data, rep.abstractView().capacity());
    AbstractObject o = oid == null ? null : rep.abstractView().get(oid);
    if (o == null) {
      return Optional.empty();
    }
    byte[] h = rep.handle(oid);
    Backend.Attributes a = backend.getattr(h);
    boolean same =
        switch (o.type()) {
          case FILE -> a.kind() == Backend.Kind.FILE && a.size() == o.size() && owner(a, o);
          case DIRECTORY -> a.kind() == Backend.Kind.DIRECTORY && owner(a, o);
          case SYMLINK ->
              a.kind() == Backend.Kind.SYMLINK
                  && Arrays.equals(backend.readlink(h), ((SymlinkObject) o).target());
          case FREE -> false;
        };
    if (!same) {
      throw new ReplicaFaultException(
          backend.describe() + " disagrees with the abstract state about object " + oid + ": " + a);
    }
    return Optional.of(oid);
  }

  private static boolean owner(Backend.Attributes a, AbstractObject o) {
    return a.mode() == o.meta().mode && a.uid() == o.meta().uid && a.gid() == o.meta().gid;
  }

  private void checkName(Oid dirOid, byte[] rawName) {
    if (!(rep.abstractView().get(dirOid) instanceof DirectoryObject dir)
        || rawName.length == 0
        || (rawName.length <= 2
            && rawName[0] == '.'
            && (rawName.length == 1 || rawName[1] == '.'))) {
      return;
    }
    Name name = Name.of(rawName);
    DirectoryObject.Entry expected = dir.get(name);
    Optional<Backend.Found> found =
        validName(rawName) ? backend.lookup(rep.handle(dirOid), rawName) : Optional.empty();
    Oid actual = found.map(f -> rep.oidOfFileKey(BackendMirror.keyOf(f.attributes()))).orElse(null);
    Oid wanted = expected == null ? null : expected.oid();
    if (wanted == null ? found.isPresent() : !wanted.equals(actual)) {
      throw new ReplicaFaultException(
          backend.describe()
              + " disagrees with the abstract state about '"
              + name
              + "' in directory "
              + dirOid);
    }
  }

  private static boolean validName(byte[] raw) {
    for (byte b : raw) {
      if (b == '/' || b == 0) {
        return false;
      }
    }
    return raw.length <= 255;
  }
}
