package org.bftnfs.spec.exec;

import java.nio.ByteBuffer;
import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.ObjectType;
import org.bftnfs.spec.state.SymlinkObject;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.xdr.nfs.COMMIT3args;
import org.bftnfs.xdr.nfs.COMMIT3res;
import org.bftnfs.xdr.nfs.COMMIT3resfail;
import org.bftnfs.xdr.nfs.COMMIT3resok;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.READ3resfail;
import org.bftnfs.xdr.nfs.READ3resok;
import org.bftnfs.xdr.nfs.READLINK3args;
import org.bftnfs.xdr.nfs.READLINK3res;
import org.bftnfs.xdr.nfs.READLINK3resfail;
import org.bftnfs.xdr.nfs.READLINK3resok;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.WRITE3res;
import org.bftnfs.xdr.nfs.WRITE3resfail;
import org.bftnfs.xdr.nfs.WRITE3resok;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.pre_op_attr;
import org.bftnfs.xdr.nfs.stable_how;

/** READLINK, READ, WRITE and COMMIT (RFC 1813 §3.3.5–3.3.7, §3.3.21). */
final class DataProcedures {

  private DataProcedures() {}

  /**
   * The write verifier of the specification: a constant of the export, identical on every replica.
   * Every WRITE is committed {@code FILE_SYNC}, so it never needs to change.
   */
  static byte[] writeVerifier(Execution x) {
    return ByteBuffer.allocate(8).putInt(0x62667476).putInt(x.config().exportId()).array();
  }

  /** The file a READ/WRITE/COMMIT handle names: ISDIR for a directory, INVAL for others. */
  static FileObject file(Execution x, Oid oid) throws NfsException {
    AbstractObject o = x.object(oid);
    if (o.type() == ObjectType.DIRECTORY) {
      throw new NfsException.IsDir("object " + oid + " is a directory");
    }
    if (!(o instanceof FileObject f)) {
      throw new NfsException.Inval("object " + oid + " is not a regular file");
    }
    return f;
  }

  /** READLINK: BADHANDLE, STALE; INVAL when not a symbolic link. Needs no permission. */
  static final class ReadLink implements ProcedureHandler<READLINK3args, READLINK3res> {
    @Override
    public READLINK3args newArguments() {
      return new READLINK3args();
    }

    @Override
    public READLINK3res execute(Execution x, READLINK3args a) throws NfsException {
      Oid oid = x.resolve(a.symlink);
      if (!(x.object(oid) instanceof SymlinkObject s)) {
        throw new NfsException.Inval("object " + oid + " is not a symbolic link");
      }
      READLINK3res r = new READLINK3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new READLINK3resok();
      r.resok.symlink_attributes = x.postOp(oid);
      r.resok.data = s.target();
      return r;
    }

    @Override
    public READLINK3res failure(Execution x, READLINK3args a, int status) {
      READLINK3res r = new READLINK3res();
      r.status = status;
      r.resfail = new READLINK3resfail();
      r.resfail.symlink_attributes = x.postOp(x.resolveOrNull(a.symlink));
      return r;
    }
  }

  /**
   * READ: BADHANDLE, STALE; ISDIR/INVAL (not a file); ACCES (no read permission). Returns at most
   * {@code min(count, maxTransfer)} bytes; eof when the reply reaches the end of the file. Never
   * changes the state (no atime on read).
   */
  static final class Read implements ProcedureHandler<READ3args, READ3res> {
    @Override
    public READ3args newArguments() {
      return new READ3args();
    }

    @Override
    public READ3res execute(Execution x, READ3args a) throws NfsException {
      Oid oid = x.resolve(a.file);
      FileObject f = file(x, oid);
      x.require(f, Permissions.READ, "read");
      int count = (int) Math.min(Integer.toUnsignedLong(a.count), x.config().maxTransfer());
      byte[] data = a.offset < 0 ? new byte[0] : f.data().read(a.offset, count);
      READ3res r = new READ3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new READ3resok();
      r.resok.file_attributes = x.postOp(oid);
      r.resok.count = data.length;
      r.resok.eof = a.offset < 0 || a.offset + data.length >= f.size();
      r.resok.data = data;
      return r;
    }

    @Override
    public READ3res failure(Execution x, READ3args a, int status) {
      READ3res r = new READ3res();
      r.status = status;
      r.resfail = new READ3resfail();
      r.resfail.file_attributes = x.postOp(x.resolveOrNull(a.file));
      return r;
    }
  }

  /**
   * WRITE: BADHANDLE, STALE; ISDIR/INVAL (not a file); INVAL (count differs from the data length,
   * or data longer than maxTransfer); ACCES (no write permission); FBIG (end beyond maxFileSize);
   * NOSPC (growth beyond maxBytes). A write of zero bytes succeeds at any offset (after the
   * permission check) and changes nothing; otherwise mtime and ctime become the agreed time. Always
   * committed {@code FILE_SYNC}.
   */
  static final class Write implements ProcedureHandler<WRITE3args, WRITE3res> {
    @Override
    public WRITE3args newArguments() {
      return new WRITE3args();
    }

    @Override
    public void validate(WRITE3args a) throws MalformedXdrException {
      if (a.stable < stable_how.UNSTABLE || a.stable > stable_how.FILE_SYNC) {
        throw new MalformedXdrException("stable_how " + a.stable + " is not defined");
      }
    }

    @Override
    public WRITE3res execute(Execution x, WRITE3args a) throws NfsException {
      Oid oid = x.resolve(a.file);
      FileObject f = file(x, oid);
      int n = a.data.length;
      if (Integer.toUnsignedLong(a.count) != n) {
        throw new NfsException.Inval("count " + a.count + " differs from data length " + n);
      }
      if (n > x.config().maxTransfer()) {
        throw new NfsException.Inval("write of " + n + " bytes exceeds wtmax");
      }
      x.require(f, Permissions.WRITE, "write");
      if (n > 0) {
        long end = a.offset + n;
        if (a.offset < 0 || end < 0 || end > x.config().maxFileSize()) {
          throw new NfsException.FBig("write ends beyond the maximum file size");
        }
        AttributeProcedures.checkSize(x, f, Math.max(end, f.size()));
      }
      pre_op_attr before = x.preOp(oid);
      if (n > 0) {
        long size = f.size();
        if (a.offset > size && size > 0) {
          // the old last byte's run of blocks grows to the new size: its segment changes too
          x.state().modifyFile(oid.index(), size - 1, 1);
        }
        x.state().modifyFile(oid.index(), a.offset, n);
        long old = f.size();
        f.data().write(a.offset, a.data);
        x.state().fileResized(old, f.size());
        f.meta().mtime = x.now();
        f.meta().ctime = x.now();
      }
      WRITE3res r = new WRITE3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new WRITE3resok();
      r.resok.file_wcc = x.wcc(before, oid);
      r.resok.count = n;
      r.resok.committed = stable_how.FILE_SYNC;
      r.resok.verf = writeVerifier(x);
      return r;
    }

    @Override
    public WRITE3res failure(Execution x, WRITE3args a, int status) {
      WRITE3res r = new WRITE3res();
      r.status = status;
      r.resfail = new WRITE3resfail();
      r.resfail.file_wcc = x.failureWcc(x.resolveOrNull(a.file));
      return r;
    }
  }

  /** COMMIT: BADHANDLE, STALE; ISDIR/INVAL (not a file). Every write is already stable. */
  static final class Commit implements ProcedureHandler<COMMIT3args, COMMIT3res> {
    @Override
    public COMMIT3args newArguments() {
      return new COMMIT3args();
    }

    @Override
    public COMMIT3res execute(Execution x, COMMIT3args a) throws NfsException {
      Oid oid = x.resolve(a.file);
      file(x, oid);
      COMMIT3res r = new COMMIT3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new COMMIT3resok();
      r.resok.file_wcc = x.wcc(x.preOp(oid), oid);
      r.resok.verf = writeVerifier(x);
      return r;
    }

    @Override
    public COMMIT3res failure(Execution x, COMMIT3args a, int status) {
      COMMIT3res r = new COMMIT3res();
      r.status = status;
      r.resfail = new COMMIT3resfail();
      r.resfail.file_wcc = x.failureWcc(x.resolveOrNull(a.file));
      return r;
    }
  }
}
