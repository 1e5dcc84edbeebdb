package org.bftnfs.spec.exec;

import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.ObjectType;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.xdr.nfs.ACCESS3args;
import org.bftnfs.xdr.nfs.ACCESS3res;
import org.bftnfs.xdr.nfs.ACCESS3resfail;
import org.bftnfs.xdr.nfs.ACCESS3resok;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.GETATTR3res;
import org.bftnfs.xdr.nfs.GETATTR3resok;
import org.bftnfs.xdr.nfs.SETATTR3args;
import org.bftnfs.xdr.nfs.SETATTR3res;
import org.bftnfs.xdr.nfs.SETATTR3resfail;
import org.bftnfs.xdr.nfs.SETATTR3resok;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.pre_op_attr;
import org.bftnfs.xdr.nfs.sattr3;

/** GETATTR, SETATTR and ACCESS (RFC 1813 §3.3.1, §3.3.2, §3.3.4). */
final class AttributeProcedures {

  private AttributeProcedures() {}

  /** GETATTR: errors BADHANDLE, STALE. Needs no permission. */
  static final class GetAttr implements ProcedureHandler<GETATTR3args, GETATTR3res> {
    @Override
    public GETATTR3args newArguments() {
      return new GETATTR3args();
    }

    @Override
    public GETATTR3res execute(Execution x, GETATTR3args a) throws NfsException {
      Oid oid = x.resolve(a.object);
      GETATTR3res r = new GETATTR3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new GETATTR3resok();
      r.resok.obj_attributes = x.attributes(oid);
      return r;
    }

    @Override
    public GETATTR3res failure(Execution x, GETATTR3args a, int status) {
      GETATTR3res r = new GETATTR3res();
      r.status = status;
      return r;
    }
  }

  /**
   * SETATTR. Error precedence: BADHANDLE, STALE; NOT_SYNC (guard ctime differs); INVAL (client time
   * out of range; size on a non-file); PERM/ACCES ({@link AttributeChange}); ACCES (size without
   * write permission); FBIG (size over maxFileSize); NOSPC (growth over maxBytes).
   *
   * <p>Effects: mode/uid/gid/times as given; a size truncates or extends (with zeros) and sets
   * mtime to the agreed time unless mtime is set explicitly; ctime becomes the agreed time when
   * anything is set, and then a pending CREATE EXCLUSIVE verifier is dropped. A SETATTR that sets
   * nothing changes nothing (it still answers with the object's wcc data).
   */
  static final class SetAttr implements ProcedureHandler<SETATTR3args, SETATTR3res> {
    @Override
    public SETATTR3args newArguments() {
      return new SETATTR3args();
    }

    @Override
    public void validate(SETATTR3args a) throws MalformedXdrException {
      AttributeChange.validate(a.new_attributes);
    }

    @Override
    public SETATTR3res execute(Execution x, SETATTR3args a) throws NfsException {
      Oid oid = x.resolve(a.object);
      AbstractObject o = x.object(oid);
      sattr3 s = a.new_attributes;
      if (a.guard.check && !Execution.time(a.guard.obj_ctime).equals(o.meta().ctime)) {
        throw new NfsException.NotSync("ctime guard does not match");
      }
      AttributeChange.checkTimes(s);
      if (s.size.set_it && o.type() != ObjectType.FILE) {
        throw new NfsException.Inval("size can only be set on a regular file");
      }
      AttributeChange.checkAllowed(x, o, s);
      if (s.size.set_it) {
        x.require(o, Permissions.WRITE, "set size");
        checkSize(x, (FileObject) o, s.size.size);
      }
      pre_op_attr before = x.preOp(oid);
      if (s.size.set_it || AttributeChange.setsMetadata(s)) {
        if (s.size.set_it) {
          long old = ((FileObject) o).size();
          long now = s.size.size;
          x.state().modifyFile(oid.index(), Math.min(old, now), Math.abs(now - old));
        } else {
          x.state().modifyAttributes(oid.index());
        }
        if (s.size.set_it) {
          resize(x, (FileObject) o, s.size.size);
          o.meta().mtime = x.now();
        }
        AttributeChange.apply(x, o, s);
        o.meta().ctime = x.now();
        if (s.mode.set_it || s.uid.set_it || s.gid.set_it) {
          x.state().namespace().attributesChanged(oid);
        }
        if (o instanceof FileObject f) {
          f.setCreateVerifier(null);
        }
      }
      SETATTR3res r = new SETATTR3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new SETATTR3resok();
      r.resok.obj_wcc = x.wcc(before, oid);
      return r;
    }

    @Override
    public SETATTR3res failure(Execution x, SETATTR3args a, int status) {
      SETATTR3res r = new SETATTR3res();
      r.status = status;
      r.resfail = new SETATTR3resfail();
      r.resfail.obj_wcc = x.failureWcc(x.resolveOrNull(a.object));
      return r;
    }
  }

  /** FBIG when {@code size} exceeds the maximum file size, NOSPC when growth exceeds space. */
  static void checkSize(Execution x, FileObject f, long size) throws NfsException {
    if (size < 0 || size > x.config().maxFileSize()) {
      throw new NfsException.FBig("size " + Long.toUnsignedString(size) + " too large");
    }
    long growth = size - f.size();
    if (growth > 0 && x.state().bytesUsed() + growth > x.config().maxBytes()) {
      throw new NfsException.NoSpc("no space for " + growth + " more bytes");
    }
  }

  /** Sets a file's size (entry already announced with modify). */
  static void resize(Execution x, FileObject f, long size) {
    long old = f.size();
    f.data().truncate(size);
    x.state().fileResized(old, size);
  }

  /**
   * ACCESS. Errors BADHANDLE, STALE. The granted bits are computed from the abstract mode: for a
   * directory READ (r), LOOKUP (x), MODIFY/EXTEND/DELETE (w); for other objects READ (r),
   * MODIFY/EXTEND (w), EXECUTE (x); LOOKUP and DELETE are never granted on a non-directory
   * (deletion is decided by the parent). Only requested bits are returned.
   */
  static final class Access implements ProcedureHandler<ACCESS3args, ACCESS3res> {
    @Override
    public ACCESS3args newArguments() {
      return new ACCESS3args();
    }

    @Override
    public ACCESS3res execute(Execution x, ACCESS3args a) throws NfsException {
      Oid oid = x.resolve(a.object);
      AbstractObject o = x.object(oid);
      Caller c = x.caller();
      boolean r = Permissions.allows(c, o, Permissions.READ);
      boolean w = Permissions.allows(c, o, Permissions.WRITE);
      boolean e = Permissions.allows(c, o, Permissions.EXECUTE);
      int granted = 0;
      if (r) {
        granted |= nfs3.ACCESS3_READ;
      }
      if (w) {
        granted |= nfs3.ACCESS3_MODIFY | nfs3.ACCESS3_EXTEND;
      }
      if (o.type() == ObjectType.DIRECTORY) {
        granted |= (e ? nfs3.ACCESS3_LOOKUP : 0) | (w ? nfs3.ACCESS3_DELETE : 0);
      } else if (e) {
        granted |= nfs3.ACCESS3_EXECUTE;
      }
      ACCESS3res res = new ACCESS3res();
      res.status = nfsstat3.NFS3_OK;
      res.resok = new ACCESS3resok();
      res.resok.obj_attributes = x.postOp(oid);
      res.resok.access = granted & a.access;
      return res;
    }

    @Override
    public ACCESS3res failure(Execution x, ACCESS3args a, int status) {
      ACCESS3res r = new ACCESS3res();
      r.status = status;
      r.resfail = new ACCESS3resfail();
      r.resfail.obj_attributes = x.postOp(x.resolveOrNull(a.object));
      return r;
    }
  }
}
