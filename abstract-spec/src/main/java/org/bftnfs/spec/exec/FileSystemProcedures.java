package org.bftnfs.spec.exec;

import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.xdr.nfs.FSINFO3args;
import org.bftnfs.xdr.nfs.FSINFO3res;
import org.bftnfs.xdr.nfs.FSINFO3resfail;
import org.bftnfs.xdr.nfs.FSINFO3resok;
import org.bftnfs.xdr.nfs.FSSTAT3args;
import org.bftnfs.xdr.nfs.FSSTAT3res;
import org.bftnfs.xdr.nfs.FSSTAT3resfail;
import org.bftnfs.xdr.nfs.FSSTAT3resok;
import org.bftnfs.xdr.nfs.PATHCONF3args;
import org.bftnfs.xdr.nfs.PATHCONF3res;
import org.bftnfs.xdr.nfs.PATHCONF3resfail;
import org.bftnfs.xdr.nfs.PATHCONF3resok;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.nfstime3;

/**
 * FSSTAT, FSINFO and PATHCONF (RFC 1813 §3.3.18–3.3.20): every number comes from the {@link
 * SpecConfig} and the abstract state, never from a backend. Errors: BADHANDLE, STALE.
 */
final class FileSystemProcedures {

  /** Preferred READDIR size. */
  static final int DTPREF = 64 * 1024;

  private FileSystemProcedures() {}

  /**
   * FSSTAT: tbytes = maxBytes; fbytes = abytes = maxBytes minus the sum of file sizes; tfiles =
   * capacity; ffiles = afiles = free entries; invarsec = 0.
   */
  static final class FsStat implements ProcedureHandler<FSSTAT3args, FSSTAT3res> {
    @Override
    public FSSTAT3args newArguments() {
      return new FSSTAT3args();
    }

    @Override
    public FSSTAT3res execute(Execution x, FSSTAT3args a) throws NfsException {
      Oid oid = x.resolve(a.fsroot);
      long free = Math.max(0, x.config().maxBytes() - x.state().bytesUsed());
      FSSTAT3res r = new FSSTAT3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new FSSTAT3resok();
      r.resok.obj_attributes = x.postOp(oid);
      r.resok.tbytes = x.config().maxBytes();
      r.resok.fbytes = free;
      r.resok.abytes = free;
      r.resok.tfiles = x.state().capacity();
      r.resok.ffiles = x.state().freeEntries();
      r.resok.afiles = x.state().freeEntries();
      r.resok.invarsec = 0;
      return r;
    }

    @Override
    public FSSTAT3res failure(Execution x, FSSTAT3args a, int status) {
      FSSTAT3res r = new FSSTAT3res();
      r.status = status;
      r.resfail = new FSSTAT3resfail();
      r.resfail.obj_attributes = x.postOp(x.resolveOrNull(a.fsroot));
      return r;
    }
  }

  /**
   * FSINFO: rtmax = rtpref = wtmax = wtpref = maxTransfer; rtmult = wtmult = 4096; dtpref = 64 KiB;
   * maxfilesize; time_delta = 1 ns; properties LINK, SYMLINK, HOMOGENEOUS, CANSETTIME.
   */
  static final class FsInfo implements ProcedureHandler<FSINFO3args, FSINFO3res> {
    @Override
    public FSINFO3args newArguments() {
      return new FSINFO3args();
    }

    @Override
    public FSINFO3res execute(Execution x, FSINFO3args a) throws NfsException {
      Oid oid = x.resolve(a.fsroot);
      int t = x.config().maxTransfer();
      FSINFO3res r = new FSINFO3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new FSINFO3resok();
      r.resok.obj_attributes = x.postOp(oid);
      r.resok.rtmax = t;
      r.resok.rtpref = t;
      r.resok.rtmult = 4096;
      r.resok.wtmax = t;
      r.resok.wtpref = t;
      r.resok.wtmult = 4096;
      r.resok.dtpref = DTPREF;
      r.resok.maxfilesize = x.config().maxFileSize();
      r.resok.time_delta = new nfstime3();
      r.resok.time_delta.nseconds = 1;
      r.resok.properties =
          nfs3.FSF3_LINK | nfs3.FSF3_SYMLINK | nfs3.FSF3_HOMOGENEOUS | nfs3.FSF3_CANSETTIME;
      return r;
    }

    @Override
    public FSINFO3res failure(Execution x, FSINFO3args a, int status) {
      FSINFO3res r = new FSINFO3res();
      r.status = status;
      r.resfail = new FSINFO3resfail();
      r.resfail.obj_attributes = x.postOp(x.resolveOrNull(a.fsroot));
      return r;
    }
  }

  /**
   * PATHCONF: linkmax {@value Execution#LINK_MAX}; name_max = maxNameLength; no_trunc, chown
   * restricted, case preserving; not case insensitive.
   */
  static final class PathConf implements ProcedureHandler<PATHCONF3args, PATHCONF3res> {
    @Override
    public PATHCONF3args newArguments() {
      return new PATHCONF3args();
    }

    @Override
    public PATHCONF3res execute(Execution x, PATHCONF3args a) throws NfsException {
      Oid oid = x.resolve(a.object);
      PATHCONF3res r = new PATHCONF3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new PATHCONF3resok();
      r.resok.obj_attributes = x.postOp(oid);
      r.resok.linkmax = Execution.LINK_MAX;
      r.resok.name_max = x.config().maxNameLength();
      r.resok.no_trunc = true;
      r.resok.chown_restricted = true;
      r.resok.case_insensitive = false;
      r.resok.case_preserving = true;
      return r;
    }

    @Override
    public PATHCONF3res failure(Execution x, PATHCONF3args a, int status) {
      PATHCONF3res r = new PATHCONF3res();
      r.status = status;
      r.resfail = new PATHCONF3resfail();
      r.resfail.obj_attributes = x.postOp(x.resolveOrNull(a.object));
      return r;
    }
  }
}
