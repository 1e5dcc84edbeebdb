package org.bftnfs.spec.exec;

import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.ObjectType;
import org.bftnfs.xdr.nfs.LINK3args;
import org.bftnfs.xdr.nfs.LINK3res;
import org.bftnfs.xdr.nfs.LINK3resfail;
import org.bftnfs.xdr.nfs.LINK3resok;
import org.bftnfs.xdr.nfs.LOOKUP3args;
import org.bftnfs.xdr.nfs.LOOKUP3res;
import org.bftnfs.xdr.nfs.LOOKUP3resfail;
import org.bftnfs.xdr.nfs.LOOKUP3resok;
import org.bftnfs.xdr.nfs.REMOVE3args;
import org.bftnfs.xdr.nfs.REMOVE3res;
import org.bftnfs.xdr.nfs.REMOVE3resfail;
import org.bftnfs.xdr.nfs.REMOVE3resok;
import org.bftnfs.xdr.nfs.RENAME3args;
import org.bftnfs.xdr.nfs.RENAME3res;
import org.bftnfs.xdr.nfs.RENAME3resfail;
import org.bftnfs.xdr.nfs.RENAME3resok;
import org.bftnfs.xdr.nfs.RMDIR3args;
import org.bftnfs.xdr.nfs.RMDIR3res;
import org.bftnfs.xdr.nfs.RMDIR3resfail;
import org.bftnfs.xdr.nfs.RMDIR3resok;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.pre_op_attr;

/** LOOKUP, REMOVE, RMDIR, RENAME and LINK (RFC 1813 §3.3.3, §3.3.12–3.3.15). */
final class NamespaceProcedures {

  private NamespaceProcedures() {}

  /**
   * Unlinks {@code name} from {@code dir} and drops one link of the object it named, freeing the
   * object when no link is left (a directory is freed at once). Entries already announced by the
   * caller: the directory; this announces the object.
   *
   * @return true when the object was freed
   */
  static boolean unlink(Execution x, DirectoryObject dir, Name name) {
    DirectoryObject.Entry e = dir.unlink(name);
    AbstractObject o = x.object(e.oid());
    if (o.type() == ObjectType.DIRECTORY) {
      dir.meta().nlink--;
      x.state().free(e.oid().index());
      return true;
    }
    x.state().modifyAttributes(e.oid().index());
    o.meta().nlink--;
    if (o.meta().nlink == 0) {
      x.state().free(e.oid().index());
      return true;
    }
    o.meta().ctime = x.now();
    return false;
  }

  /** A directory handle and a validated name in it. */
  private record Place(Oid dirOid, DirectoryObject dir, Name name) {}

  private static Place place(Execution x, org.bftnfs.xdr.nfs.diropargs3 d) throws NfsException {
    Oid dirOid = x.resolve(d.dir);
    DirectoryObject dir = x.directory(dirOid);
    return new Place(dirOid, dir, x.name(d.name));
  }

  /**
   * LOOKUP: BADHANDLE, STALE; NOTDIR; NAMETOOLONG, INVAL; ACCES (no search permission); NOENT. "."
   * is the directory itself, ".." its parent (the root's parent is the root).
   */
  static final class Lookup implements ProcedureHandler<LOOKUP3args, LOOKUP3res> {
    @Override
    public LOOKUP3args newArguments() {
      return new LOOKUP3args();
    }

    @Override
    public LOOKUP3res execute(Execution x, LOOKUP3args a) throws NfsException {
      Place p = place(x, a.what);
      x.require(p.dir, Permissions.EXECUTE, "search directory");
      Oid found;
      if (Execution.isDot(p.name)) {
        found = p.dirOid;
      } else if (Execution.isDotDot(p.name)) {
        found = p.dir.parent();
      } else {
        DirectoryObject.Entry e = p.dir.get(p.name);
        if (e == null) {
          throw new NfsException.NoEnt("'" + p.name + "' not found");
        }
        found = e.oid();
      }
      LOOKUP3res r = new LOOKUP3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new LOOKUP3resok();
      r.resok.object = x.handle(found);
      r.resok.obj_attributes = x.postOp(found);
      r.resok.dir_attributes = x.postOp(p.dirOid);
      return r;
    }

    @Override
    public LOOKUP3res failure(Execution x, LOOKUP3args a, int status) {
      LOOKUP3res r = new LOOKUP3res();
      r.status = status;
      r.resfail = new LOOKUP3resfail();
      r.resfail.dir_attributes = x.postOp(x.resolveOrNull(a.what.dir));
      return r;
    }
  }

  /**
   * REMOVE: BADHANDLE, STALE; NOTDIR; NAMETOOLONG, INVAL (also for "." and ".."); ACCES (no write
   * and search permission); NOENT; ISDIR (the name is a directory: use RMDIR); PERM (sticky
   * directory). The object loses one link; with none left it is freed.
   */
  static final class Remove implements ProcedureHandler<REMOVE3args, REMOVE3res> {
    @Override
    public REMOVE3args newArguments() {
      return new REMOVE3args();
    }

    @Override
    public REMOVE3res execute(Execution x, REMOVE3args a) throws NfsException {
      Place p = place(x, a.object);
      if (Execution.isDotOrDotDot(p.name)) {
        throw new NfsException.Inval("cannot remove '" + p.name + "'");
      }
      x.requireModifiable(p.dir);
      DirectoryObject.Entry e = p.dir.get(p.name);
      if (e == null) {
        throw new NfsException.NoEnt("'" + p.name + "' not found");
      }
      AbstractObject o = x.object(e.oid());
      if (o.type() == ObjectType.DIRECTORY) {
        throw new NfsException.IsDir("'" + p.name + "' is a directory");
      }
      x.requireStickyAllows(p.dir, o);
      pre_op_attr before = x.preOp(p.dirOid);
      x.state().modify(p.dirOid.index());
      boolean freed = unlink(x, p.dir, p.name);
      x.touchDirectory(p.dirOid);
      x.state().namespace().unlinked(p.dirOid, p.name, e.oid(), o.type(), freed);
      REMOVE3res r = new REMOVE3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new REMOVE3resok();
      r.resok.dir_wcc = x.wcc(before, p.dirOid);
      return r;
    }

    @Override
    public REMOVE3res failure(Execution x, REMOVE3args a, int status) {
      REMOVE3res r = new REMOVE3res();
      r.status = status;
      r.resfail = new REMOVE3resfail();
      r.resfail.dir_wcc = x.failureWcc(x.resolveOrNull(a.object.dir));
      return r;
    }
  }

  /**
   * RMDIR: BADHANDLE, STALE; NOTDIR; NAMETOOLONG, INVAL (also "."); NOTEMPTY for ".."; ACCES;
   * NOENT; NOTDIR (the name is not a directory); PERM (sticky directory); NOTEMPTY.
   */
  static final class RmDir implements ProcedureHandler<RMDIR3args, RMDIR3res> {
    @Override
    public RMDIR3args newArguments() {
      return new RMDIR3args();
    }

    @Override
    public RMDIR3res execute(Execution x, RMDIR3args a) throws NfsException {
      Place p = place(x, a.object);
      if (Execution.isDot(p.name)) {
        throw new NfsException.Inval("cannot remove '.'");
      }
      if (Execution.isDotDot(p.name)) {
        throw new NfsException.NotEmpty("cannot remove '..'");
      }
      x.requireModifiable(p.dir);
      DirectoryObject.Entry e = p.dir.get(p.name);
      if (e == null) {
        throw new NfsException.NoEnt("'" + p.name + "' not found");
      }
      if (!(x.object(e.oid()) instanceof DirectoryObject victim)) {
        throw new NfsException.NotDir("'" + p.name + "' is not a directory");
      }
      x.requireStickyAllows(p.dir, victim);
      if (!victim.isEmpty()) {
        throw new NfsException.NotEmpty("'" + p.name + "' is not empty");
      }
      pre_op_attr before = x.preOp(p.dirOid);
      x.state().modify(p.dirOid.index());
      unlink(x, p.dir, p.name);
      x.touchDirectory(p.dirOid);
      x.state().namespace().unlinked(p.dirOid, p.name, e.oid(), ObjectType.DIRECTORY, true);
      RMDIR3res r = new RMDIR3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new RMDIR3resok();
      r.resok.dir_wcc = x.wcc(before, p.dirOid);
      return r;
    }

    @Override
    public RMDIR3res failure(Execution x, RMDIR3args a, int status) {
      RMDIR3res r = new RMDIR3res();
      r.status = status;
      r.resfail = new RMDIR3resfail();
      r.resfail.dir_wcc = x.failureWcc(x.resolveOrNull(a.object.dir));
      return r;
    }
  }

  /**
   * RENAME: BADHANDLE then STALE for the from directory, then BADHANDLE then STALE for the to
   * directory; NOTDIR (from, then to); NAMETOOLONG, INVAL (the from name completely, then the to
   * name; "." and ".." are INVAL); ACCES (from directory, then to directory); NOENT (source); PERM
   * (sticky from directory); ACCES (a directory moving to another parent needs write permission on
   * itself, as its ".." changes); then, when source and target are the same object, success without
   * any change; INVAL (a directory moved into itself or its own subtree); PERM (sticky to
   * directory, existing target); NOTDIR (directory over non-directory); ISDIR (non-directory over
   * directory); NOTEMPTY (over a non-empty directory); MLINK (directory into a directory with
   * {@value Execution#LINK_MAX} links).
   *
   * <p>Effects: an existing target is unlinked as by REMOVE/RMDIR; the entry moves (with a new
   * cookie); a moved directory gets its new parent and the link counts follow; both directories'
   * mtime and ctime and the moved object's ctime become the agreed time.
   */
  static final class Rename implements ProcedureHandler<RENAME3args, RENAME3res> {
    @Override
    public RENAME3args newArguments() {
      return new RENAME3args();
    }

    @Override
    public RENAME3res execute(Execution x, RENAME3args a) throws NfsException {
      Oid fromOid = x.resolve(a.from.dir);
      Oid toOid = x.resolve(a.to.dir);
      DirectoryObject from = x.directory(fromOid);
      DirectoryObject to = x.directory(toOid);
      Name fromName = renamable(x, a.from.name);
      Name toName = renamable(x, a.to.name);
      x.requireModifiable(from);
      x.requireModifiable(to);
      DirectoryObject.Entry src = from.get(fromName);
      if (src == null) {
        throw new NfsException.NoEnt("'" + fromName + "' not found");
      }
      AbstractObject moving = x.object(src.oid());
      x.requireStickyAllows(from, moving);
      if (moving.type() == ObjectType.DIRECTORY && !fromOid.equals(toOid)) {
        // its ".." changes: as in POSIX, that needs write permission on the directory itself
        x.require(moving, Permissions.WRITE, "move a directory to another parent");
      }
      pre_op_attr beforeFrom = x.preOp(fromOid);
      pre_op_attr beforeTo = x.preOp(toOid);
      DirectoryObject.Entry dst = to.get(toName);
      if (dst != null && dst.oid().equals(src.oid())) {
        return ok(x, fromOid, beforeFrom, toOid, beforeTo);
      }
      boolean isDir = moving.type() == ObjectType.DIRECTORY;
      if (isDir && isSelfOrDescendant(x, toOid, src.oid())) {
        throw new NfsException.Inval("cannot move a directory into itself");
      }
      if (dst != null) {
        AbstractObject victim = x.object(dst.oid());
        x.requireStickyAllows(to, victim);
        boolean victimDir = victim.type() == ObjectType.DIRECTORY;
        if (isDir && !victimDir) {
          throw new NfsException.NotDir("cannot replace a non-directory with a directory");
        }
        if (!isDir && victimDir) {
          throw new NfsException.IsDir("cannot replace a directory with a non-directory");
        }
        if (victimDir && !((DirectoryObject) victim).isEmpty()) {
          throw new NfsException.NotEmpty("'" + toName + "' is not empty");
        }
      }
      boolean crossDir = !fromOid.equals(toOid);
      boolean replacesDir = dst != null && isDir;
      if (isDir && crossDir && !replacesDir && to.meta().nlink >= Execution.LINK_MAX) {
        throw new NfsException.MLink("target directory has too many links");
      }
      // all checks done: change the state
      x.state().modify(fromOid.index());
      x.state().modify(toOid.index());
      boolean replacedFreed = dst != null && unlink(x, to, toName);
      from.unlink(fromName);
      to.link(toName, src.oid());
      x.state().modifyAttributes(src.oid().index());
      if (isDir && crossDir) {
        ((DirectoryObject) moving).setParent(toOid);
        from.meta().nlink--;
        to.meta().nlink++;
      }
      moving.meta().ctime = x.now();
      x.touchDirectory(fromOid);
      x.touchDirectory(toOid);
      x.state()
          .namespace()
          .renamed(
              fromOid,
              fromName,
              toOid,
              toName,
              src.oid(),
              dst == null ? null : dst.oid(),
              replacedFreed);
      return ok(x, fromOid, beforeFrom, toOid, beforeTo);
    }

    /** A valid name other than "." and ".." (NAMETOOLONG, INVAL). */
    private static Name renamable(Execution x, byte[] raw) throws NfsException {
      Name n = x.name(raw);
      if (Execution.isDotOrDotDot(n)) {
        throw new NfsException.Inval("cannot rename '.' or '..'");
      }
      return n;
    }

    private static boolean isSelfOrDescendant(Execution x, Oid dir, Oid ancestor) {
      Oid cur = dir;
      while (true) {
        if (cur.equals(ancestor)) {
          return true;
        }
        Oid parent = ((DirectoryObject) x.object(cur)).parent();
        if (parent.equals(cur)) {
          return false;
        }
        cur = parent;
      }
    }

    private static RENAME3res ok(
        Execution x, Oid fromOid, pre_op_attr beforeFrom, Oid toOid, pre_op_attr beforeTo) {
      RENAME3res r = new RENAME3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new RENAME3resok();
      r.resok.fromdir_wcc = x.wcc(beforeFrom, fromOid);
      r.resok.todir_wcc = x.wcc(beforeTo, toOid);
      return r;
    }

    @Override
    public RENAME3res failure(Execution x, RENAME3args a, int status) {
      RENAME3res r = new RENAME3res();
      r.status = status;
      r.resfail = new RENAME3resfail();
      r.resfail.fromdir_wcc = x.failureWcc(x.resolveOrNull(a.from.dir));
      r.resfail.todir_wcc = x.failureWcc(x.resolveOrNull(a.to.dir));
      return r;
    }
  }

  /**
   * LINK: BADHANDLE, STALE (file, then directory); ISDIR (the file is a directory); NOTDIR;
   * NAMETOOLONG, INVAL; EXIST for "." and ".."; ACCES (no write and search permission on the
   * directory); EXIST; MLINK (the file has {@value Execution#LINK_MAX} links). The file's nlink
   * grows by one and its ctime, the directory's mtime and ctime become the agreed time.
   */
  static final class Link implements ProcedureHandler<LINK3args, LINK3res> {
    @Override
    public LINK3args newArguments() {
      return new LINK3args();
    }

    @Override
    public LINK3res execute(Execution x, LINK3args a) throws NfsException {
      Oid fileOid = x.resolve(a.file);
      Oid dirOid = x.resolve(a.link.dir);
      AbstractObject file = x.object(fileOid);
      if (file.type() == ObjectType.DIRECTORY) {
        throw new NfsException.IsDir("cannot link a directory");
      }
      DirectoryObject dir = x.directory(dirOid);
      Name name = x.name(a.link.name);
      if (Execution.isDotOrDotDot(name)) {
        throw new NfsException.Exist("'" + name + "' always exists");
      }
      x.requireModifiable(dir);
      if (dir.get(name) != null) {
        throw new NfsException.Exist("'" + name + "' exists");
      }
      if (file.meta().nlink >= Execution.LINK_MAX) {
        throw new NfsException.MLink("too many links");
      }
      pre_op_attr before = x.preOp(dirOid);
      x.state().modifyAttributes(fileOid.index());
      x.state().modify(dirOid.index());
      file.meta().nlink++;
      file.meta().ctime = x.now();
      dir.link(name, fileOid);
      x.touchDirectory(dirOid);
      x.state().namespace().linked(dirOid, name, fileOid);
      LINK3res r = new LINK3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new LINK3resok();
      r.resok.file_attributes = x.postOp(fileOid);
      r.resok.linkdir_wcc = x.wcc(before, dirOid);
      return r;
    }

    @Override
    public LINK3res failure(Execution x, LINK3args a, int status) {
      LINK3res r = new LINK3res();
      r.status = status;
      r.resfail = new LINK3resfail();
      r.resfail.file_attributes = x.postOp(x.resolveOrNull(a.file));
      r.resfail.linkdir_wcc = x.failureWcc(x.resolveOrNull(a.link.dir));
      return r;
    }
  }
}
