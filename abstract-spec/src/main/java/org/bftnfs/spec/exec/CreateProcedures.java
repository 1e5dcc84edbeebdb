package org.bftnfs.spec.exec;

import java.util.Arrays;
import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.FileContent;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.Metadata;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.SymlinkObject;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.CREATE3resfail;
import org.bftnfs.xdr.nfs.CREATE3resok;
import org.bftnfs.xdr.nfs.MKDIR3args;
import org.bftnfs.xdr.nfs.MKDIR3res;
import org.bftnfs.xdr.nfs.MKDIR3resfail;
import org.bftnfs.xdr.nfs.MKDIR3resok;
import org.bftnfs.xdr.nfs.MKNOD3args;
import org.bftnfs.xdr.nfs.MKNOD3res;
import org.bftnfs.xdr.nfs.MKNOD3resfail;
import org.bftnfs.xdr.nfs.SYMLINK3args;
import org.bftnfs.xdr.nfs.SYMLINK3res;
import org.bftnfs.xdr.nfs.SYMLINK3resfail;
import org.bftnfs.xdr.nfs.SYMLINK3resok;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.diropargs3;
import org.bftnfs.xdr.nfs.ftype3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.pre_op_attr;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.wcc_data;

/**
 * CREATE, MKDIR, SYMLINK and MKNOD (RFC 1813 §3.3.8–3.3.11).
 *
 * <p>Common error precedence: BADHANDLE, STALE (directory); NOTDIR; NAMETOOLONG, INVAL (name);
 * EXIST for "." and ".."; (SYMLINK: NAMETOOLONG/INVAL for the target); ACCES (no write and search
 * permission on the directory); EXIST (name taken, except CREATE UNCHECKED/EXCLUSIVE below); INVAL
 * (client time out of range), PERM (initial uid/gid the caller may not give); FBIG (initial size);
 * NOSPC (no free entry, or no space for the initial size).
 *
 * <p>A new object gets the lowest free index and that entry's generation plus one; owner = the
 * caller's uid; group = the caller's gid, or the directory's group when the directory has the
 * set-group-id bit (then new directories inherit that bit); mode = the requested mode masked to
 * 07777, default 0644 (files), 0755 (directories), 0777 (symbolic links); all three times = the
 * agreed time, then any requested times. The directory's mtime and ctime become the agreed time.
 */
final class CreateProcedures {

  private CreateProcedures() {}

  /** The directory, the validated name, and the "before" attributes of a creation. */
  private record Target(Oid dirOid, DirectoryObject dir, Name name, pre_op_attr before) {}

  private static Target target(Execution x, diropargs3 where) throws NfsException {
    Oid dirOid = x.resolve(where.dir);
    DirectoryObject dir = x.directory(dirOid);
    Name name = x.name(where.name);
    if (Execution.isDotOrDotDot(name)) {
      throw new NfsException.Exist("'" + name + "' always exists");
    }
    return new Target(dirOid, dir, name, x.preOp(dirOid));
  }

  private static void requireAbsent(Target t) throws NfsException {
    if (t.dir.get(t.name) != null) {
      throw new NfsException.Exist("'" + t.name + "' exists");
    }
  }

  /** INVAL/PERM checks of the attributes requested for a new object. */
  private static void checkInitial(Execution x, sattr3 s) throws NfsException {
    AttributeChange.checkTimes(s);
    Caller c = x.caller();
    if (s.uid.set_it && s.uid.uid != c.uid() && !c.isRoot()) {
      throw new NfsException.Perm("only root may create objects for another user");
    }
    if (s.gid.set_it && !c.isRoot() && !c.inGroup(s.gid.gid)) {
      throw new NfsException.Perm("not a member of group " + s.gid.gid);
    }
  }

  private static void requireFreeEntry(Execution x) throws NfsException {
    if (x.state().freeEntries() == 0) {
      throw new NfsException.NoSpc("no free object entries");
    }
  }

  private static Metadata initialMetadata(
      Execution x, DirectoryObject dir, sattr3 s, int defaultMode, int nlink, boolean isDir) {
    boolean sgid = (dir.meta().mode & 02000) != 0;
    int gid = sgid ? dir.meta().gid : x.caller().gid();
    Metadata m = new Metadata(defaultMode, nlink, x.caller().uid(), gid, x.now());
    if (isDir && sgid) {
      m.mode |= 02000;
    }
    return m;
  }

  /** Allocates {@code object}, links it into the target directory and touches the directory. */
  private static Oid link(Execution x, Target t, AbstractObject object, sattr3 s) {
    if (s != null) {
      AttributeChange.apply(x, object, s);
      if (s.mode.set_it && object instanceof DirectoryObject && (t.dir.meta().mode & 02000) != 0) {
        object.meta().mode |= 02000;
      }
    }
    Oid oid = x.state().allocate(object);
    x.state().modify(t.dirOid.index());
    t.dir.link(t.name, oid);
    if (object instanceof DirectoryObject) {
      t.dir.meta().nlink++;
    }
    x.touchDirectory(t.dirOid);
    x.state().namespace().created(t.dirOid, t.name, oid);
    return oid;
  }

  private static wcc_data dirWcc(Execution x, Target t) {
    return x.wcc(t.before, t.dirOid);
  }

  /**
   * CREATE. UNCHECKED on an existing regular file applies only the requested size (as SETATTR
   * would: ACCES without write permission, FBIG, NOSPC) and returns it; on an existing non-file:
   * EXIST. GUARDED on an existing name: EXIST. EXCLUSIVE on an existing file whose stored verifier
   * equals the request's returns that file unchanged (a retransmission), else EXIST; a new
   * EXCLUSIVE file stores the verifier until its first SETATTR.
   */
  static final class Create implements ProcedureHandler<CREATE3args, CREATE3res> {
    @Override
    public CREATE3args newArguments() {
      return new CREATE3args();
    }

    @Override
    public void validate(CREATE3args a) throws MalformedXdrException {
      int mode = a.how.mode;
      if (mode == createmode3.UNCHECKED || mode == createmode3.GUARDED) {
        AttributeChange.validate(a.how.obj_attributes);
      } else if (mode != createmode3.EXCLUSIVE) {
        throw new MalformedXdrException("createmode3 " + mode + " is not defined");
      }
    }

    @Override
    public CREATE3res execute(Execution x, CREATE3args a) throws NfsException {
      Target t = target(x, a.where);
      x.requireModifiable(t.dir);
      boolean exclusive = a.how.mode == createmode3.EXCLUSIVE;
      sattr3 s = exclusive ? null : a.how.obj_attributes;
      DirectoryObject.Entry existing = t.dir.get(t.name);
      if (existing != null) {
        return existing(x, t, a, existing.oid());
      }
      long size = 0;
      if (s != null) {
        checkInitial(x, s);
        if (s.size.set_it) {
          size = s.size.size;
          if (size < 0 || size > x.config().maxFileSize()) {
            throw new NfsException.FBig("initial size too large");
          }
        }
      }
      requireFreeEntry(x);
      if (x.state().bytesUsed() + size > x.config().maxBytes()) {
        throw new NfsException.NoSpc("no space for the initial size");
      }
      FileContent data = x.state().newFileContent();
      data.truncate(size);
      FileObject f = new FileObject(initialMetadata(x, t.dir, s, 0644, 1, false), data);
      if (exclusive) {
        f.setCreateVerifier(a.how.verf);
      }
      return ok(x, t, link(x, t, f, s));
    }

    private CREATE3res existing(Execution x, Target t, CREATE3args a, Oid oid) throws NfsException {
      AbstractObject o = x.object(oid);
      if (a.how.mode == createmode3.GUARDED || !(o instanceof FileObject f)) {
        throw new NfsException.Exist("'" + t.name + "' exists");
      }
      if (a.how.mode == createmode3.EXCLUSIVE) {
        if (!Arrays.equals(f.createVerifier(), a.how.verf)) {
          throw new NfsException.Exist("'" + t.name + "' exists");
        }
        return ok(x, t, oid);
      }
      sattr3 s = a.how.obj_attributes;
      if (s.size.set_it) {
        x.require(f, Permissions.WRITE, "truncate");
        AttributeProcedures.checkSize(x, f, s.size.size);
        long old = f.size();
        x.state().modifyFile(oid.index(), Math.min(old, s.size.size), Math.abs(s.size.size - old));
        AttributeProcedures.resize(x, f, s.size.size);
        f.meta().mtime = x.now();
        f.meta().ctime = x.now();
      }
      return ok(x, t, oid);
    }

    private static CREATE3res ok(Execution x, Target t, Oid oid) {
      CREATE3res r = new CREATE3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new CREATE3resok();
      r.resok.obj = x.postOpHandle(oid);
      r.resok.obj_attributes = x.postOp(oid);
      r.resok.dir_wcc = dirWcc(x, t);
      return r;
    }

    @Override
    public CREATE3res failure(Execution x, CREATE3args a, int status) {
      CREATE3res r = new CREATE3res();
      r.status = status;
      r.resfail = new CREATE3resfail();
      r.resfail.dir_wcc = x.failureWcc(x.resolveOrNull(a.where.dir));
      return r;
    }
  }

  /**
   * MKDIR: the common precedence, plus MLINK when the parent already has {@value
   * Execution#LINK_MAX} links. A requested size is ignored. The new directory has nlink 2 and the
   * parent's nlink grows by one.
   */
  static final class MkDir implements ProcedureHandler<MKDIR3args, MKDIR3res> {
    @Override
    public MKDIR3args newArguments() {
      return new MKDIR3args();
    }

    @Override
    public void validate(MKDIR3args a) throws MalformedXdrException {
      AttributeChange.validate(a.attributes);
    }

    @Override
    public MKDIR3res execute(Execution x, MKDIR3args a) throws NfsException {
      Target t = target(x, a.where);
      x.requireModifiable(t.dir);
      requireAbsent(t);
      checkInitial(x, a.attributes);
      if (t.dir.meta().nlink >= Execution.LINK_MAX) {
        throw new NfsException.MLink("parent has too many links");
      }
      requireFreeEntry(x);
      DirectoryObject d =
          new DirectoryObject(initialMetadata(x, t.dir, a.attributes, 0755, 2, true), t.dirOid);
      Oid oid = link(x, t, d, a.attributes);
      MKDIR3res r = new MKDIR3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new MKDIR3resok();
      r.resok.obj = x.postOpHandle(oid);
      r.resok.obj_attributes = x.postOp(oid);
      r.resok.dir_wcc = dirWcc(x, t);
      return r;
    }

    @Override
    public MKDIR3res failure(Execution x, MKDIR3args a, int status) {
      MKDIR3res r = new MKDIR3res();
      r.status = status;
      r.resfail = new MKDIR3resfail();
      r.resfail.dir_wcc = x.failureWcc(x.resolveOrNull(a.where.dir));
      return r;
    }
  }

  /**
   * SYMLINK: the common precedence; the target must be 1..maxPathLength bytes without NUL
   * (NAMETOOLONG when longer, INVAL when empty or containing NUL), checked right after the name. A
   * requested size is ignored.
   */
  static final class Symlink implements ProcedureHandler<SYMLINK3args, SYMLINK3res> {
    @Override
    public SYMLINK3args newArguments() {
      return new SYMLINK3args();
    }

    @Override
    public void validate(SYMLINK3args a) throws MalformedXdrException {
      AttributeChange.validate(a.symlink.symlink_attributes);
    }

    @Override
    public SYMLINK3res execute(Execution x, SYMLINK3args a) throws NfsException {
      Target t = target(x, a.where);
      byte[] path = a.symlink.symlink_data;
      if (path.length > x.config().maxPathLength()) {
        throw new NfsException.NameTooLong("symbolic link target too long");
      }
      if (path.length == 0 || indexOfNul(path) >= 0) {
        throw new NfsException.Inval("symbolic link target empty or containing NUL");
      }
      x.requireModifiable(t.dir);
      requireAbsent(t);
      sattr3 s = a.symlink.symlink_attributes;
      checkInitial(x, s);
      requireFreeEntry(x);
      SymlinkObject l = new SymlinkObject(initialMetadata(x, t.dir, s, 0777, 1, false), path);
      Oid oid = link(x, t, l, s);
      SYMLINK3res r = new SYMLINK3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new SYMLINK3resok();
      r.resok.obj = x.postOpHandle(oid);
      r.resok.obj_attributes = x.postOp(oid);
      r.resok.dir_wcc = dirWcc(x, t);
      return r;
    }

    private static int indexOfNul(byte[] b) {
      for (int i = 0; i < b.length; i++) {
        if (b[i] == 0) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public SYMLINK3res failure(Execution x, SYMLINK3args a, int status) {
      SYMLINK3res r = new SYMLINK3res();
      r.status = status;
      r.resfail = new SYMLINK3resfail();
      r.resfail.dir_wcc = x.failureWcc(x.resolveOrNull(a.where.dir));
      return r;
    }
  }

  /**
   * MKNOD: the abstract file system holds no devices, sockets or FIFOs. After the common checks up
   * to EXIST, every request fails with NOTSUPP.
   */
  static final class MkNod implements ProcedureHandler<MKNOD3args, MKNOD3res> {
    @Override
    public MKNOD3args newArguments() {
      return new MKNOD3args();
    }

    @Override
    public void validate(MKNOD3args a) throws MalformedXdrException {
      int type = a.what.type;
      if (type < ftype3.NF3REG || type > ftype3.NF3FIFO) {
        throw new MalformedXdrException("ftype3 " + type + " is not defined");
      }
      if (type == ftype3.NF3CHR || type == ftype3.NF3BLK) {
        AttributeChange.validate(a.what.device.dev_attributes);
      } else if (type == ftype3.NF3SOCK || type == ftype3.NF3FIFO) {
        AttributeChange.validate(a.what.pipe_attributes);
      }
    }

    @Override
    public MKNOD3res execute(Execution x, MKNOD3args a) throws NfsException {
      Target t = target(x, a.where);
      x.requireModifiable(t.dir);
      requireAbsent(t);
      throw new NfsException.NotSupp("special files are not supported");
    }

    @Override
    public MKNOD3res failure(Execution x, MKNOD3args a, int status) {
      MKNOD3res r = new MKNOD3res();
      r.status = status;
      r.resfail = new MKNOD3resfail();
      r.resfail.dir_wcc = x.failureWcc(x.resolveOrNull(a.where.dir));
      return r;
    }
  }
}
