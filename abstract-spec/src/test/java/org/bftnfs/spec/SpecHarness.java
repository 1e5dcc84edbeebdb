package org.bftnfs.spec;

import java.nio.charset.StandardCharsets;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.*;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * Drives the reference implementation through encoded calls, exactly as a relay would, with a
 * logical clock (each call one second later). Test support only.
 */
public final class SpecHarness {

  public final AbstractSpec spec;
  public final AbstractState state;
  public Credentials caller = Credentials.unix(0, 0);
  private long clock = 1_000_000_000L;

  public SpecHarness(SpecConfig config) {
    spec = new AbstractSpec(config);
    state = spec.initialState();
  }

  public SpecHarness() {
    this(SpecConfig.defaults().withCapacity(1024));
  }

  public SpecHarness as(int uid, int gid, int... gids) {
    caller = Credentials.unix(uid, gid, gids);
    return this;
  }

  /** Switches the caller to AUTH_NONE (the anonymous user of the configuration). */
  public SpecHarness anonymous() {
    caller = Credentials.none();
    return this;
  }

  /** The agreed time the next call will run at. */
  public AgreedValues nextTime() {
    return new AgreedValues((int) (clock + 1), 0);
  }

  public NfsReply call(Procedure p, XdrAble args) {
    return callRaw(p.number(), XdrCodec.encode(args));
  }

  /** Executes any procedure number with the given argument bytes, at the next time. */
  public NfsReply callRaw(int procedure, byte[] arguments) {
    clock++;
    return spec.execute(
        state, new NfsCall(procedure, caller, arguments), new AgreedValues((int) clock, 0));
  }

  public <R extends XdrAble> R call(Procedure p, XdrAble args, R result) {
    NfsReply reply = call(p, args);
    if (reply.outcome() != NfsReply.Outcome.SUCCESS) {
      throw new AssertionError(p + " answered " + reply.outcome());
    }
    try {
      return XdrCodec.decode(reply.result(), result);
    } catch (MalformedXdrException e) {
      throw new AssertionError("reply of " + p + " does not decode", e);
    }
  }

  // ---- builders ----------------------------------------------------------------------------

  public nfs_fh3 root() {
    return fh(spec.config().handles().root());
  }

  public static nfs_fh3 fh(byte[] data) {
    nfs_fh3 f = new nfs_fh3();
    f.data = data;
    return f;
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static diropargs3 where(nfs_fh3 dir, String name) {
    return where(dir, bytes(name));
  }

  public static diropargs3 where(nfs_fh3 dir, byte[] name) {
    diropargs3 d = new diropargs3();
    d.dir = dir;
    d.name = name;
    return d;
  }

  public static nfstime3 time(int seconds, int nanos) {
    nfstime3 t = new nfstime3();
    t.seconds = seconds;
    t.nseconds = nanos;
    return t;
  }

  public static sattr3 sattr() {
    sattr3 s = new sattr3();
    s.mode = new set_mode3();
    s.uid = new set_uid3();
    s.gid = new set_gid3();
    s.size = new set_size3();
    s.atime = new set_atime();
    s.mtime = new set_mtime();
    return s;
  }

  public static sattr3 mode(int mode) {
    sattr3 s = sattr();
    s.mode.set_it = true;
    s.mode.mode = mode;
    return s;
  }

  public static sattr3 size(long size) {
    sattr3 s = sattr();
    s.size.set_it = true;
    s.size.size = size;
    return s;
  }

  public static sattr3 owner(int uid) {
    sattr3 s = sattr();
    s.uid.set_it = true;
    s.uid.uid = uid;
    return s;
  }

  public static sattr3 group(int gid) {
    sattr3 s = sattr();
    s.gid.set_it = true;
    s.gid.gid = gid;
    return s;
  }

  /** Sets atime and mtime to the given client times. */
  public static sattr3 clientTimes(nfstime3 atime, nfstime3 mtime) {
    sattr3 s = sattr();
    s.atime.set_it = time_how.SET_TO_CLIENT_TIME;
    s.atime.atime = atime;
    s.mtime.set_it = time_how.SET_TO_CLIENT_TIME;
    s.mtime.mtime = mtime;
    return s;
  }

  /** Sets atime and mtime to the server's (agreed) time. */
  public static sattr3 serverTimes() {
    sattr3 s = sattr();
    s.atime.set_it = time_how.SET_TO_SERVER_TIME;
    s.mtime.set_it = time_how.SET_TO_SERVER_TIME;
    return s;
  }

  /** UNCHECKED or GUARDED creation with the given attributes. */
  public static createhow3 how(int createmode, sattr3 s) {
    createhow3 h = new createhow3();
    h.mode = createmode;
    h.obj_attributes = s;
    return h;
  }

  // ---- procedures --------------------------------------------------------------------------

  public GETATTR3res getattr(nfs_fh3 fh) {
    GETATTR3args a = new GETATTR3args();
    a.object = fh;
    return call(Procedure.GETATTR, a, new GETATTR3res());
  }

  public SETATTR3res setattr(nfs_fh3 fh, sattr3 s) {
    return setattr(fh, s, null);
  }

  /** SETATTR with a ctime guard ({@code null}: no guard). */
  public SETATTR3res setattr(nfs_fh3 fh, sattr3 s, nfstime3 guardCtime) {
    SETATTR3args a = new SETATTR3args();
    a.object = fh;
    a.new_attributes = s;
    a.guard = new sattrguard3();
    a.guard.check = guardCtime != null;
    a.guard.obj_ctime = guardCtime;
    return call(Procedure.SETATTR, a, new SETATTR3res());
  }

  public LOOKUP3res lookup(nfs_fh3 dir, String name) {
    LOOKUP3args a = new LOOKUP3args();
    a.what = where(dir, name);
    return call(Procedure.LOOKUP, a, new LOOKUP3res());
  }

  public ACCESS3res access(nfs_fh3 fh, int bits) {
    ACCESS3args a = new ACCESS3args();
    a.object = fh;
    a.access = bits;
    return call(Procedure.ACCESS, a, new ACCESS3res());
  }

  public CREATE3res create(nfs_fh3 dir, String name, int mode) {
    return create(where(dir, name), how(createmode3.GUARDED, mode(mode)));
  }

  public CREATE3res create(diropargs3 where, createhow3 how) {
    CREATE3args a = new CREATE3args();
    a.where = where;
    a.how = how;
    return call(Procedure.CREATE, a, new CREATE3res());
  }

  public CREATE3res createExclusive(nfs_fh3 dir, String name, byte[] verf) {
    CREATE3args a = new CREATE3args();
    a.where = where(dir, name);
    a.how = new createhow3();
    a.how.mode = createmode3.EXCLUSIVE;
    a.how.verf = verf;
    return call(Procedure.CREATE, a, new CREATE3res());
  }

  public CREATE3res createUnchecked(nfs_fh3 dir, String name, sattr3 s) {
    CREATE3args a = new CREATE3args();
    a.where = where(dir, name);
    a.how = new createhow3();
    a.how.mode = createmode3.UNCHECKED;
    a.how.obj_attributes = s;
    return call(Procedure.CREATE, a, new CREATE3res());
  }

  /** Creates a file and returns its handle (asserting success). */
  public nfs_fh3 newFile(nfs_fh3 dir, String name, int mode) {
    CREATE3res r = create(dir, name, mode);
    if (r.status != nfsstat3.NFS3_OK) {
      throw new AssertionError("CREATE " + name + " failed: " + r.status);
    }
    return r.resok.obj.handle;
  }

  public MKDIR3res mkdir(nfs_fh3 dir, String name, int mode) {
    return mkdir(dir, name, mode(mode));
  }

  public MKDIR3res mkdir(nfs_fh3 dir, String name, sattr3 s) {
    MKDIR3args a = new MKDIR3args();
    a.where = where(dir, name);
    a.attributes = s;
    return call(Procedure.MKDIR, a, new MKDIR3res());
  }

  /** Makes a directory and returns its handle (asserting success). */
  public nfs_fh3 newDir(nfs_fh3 dir, String name, int mode) {
    MKDIR3res r = mkdir(dir, name, mode);
    if (r.status != nfsstat3.NFS3_OK) {
      throw new AssertionError("MKDIR " + name + " failed: " + r.status);
    }
    return r.resok.obj.handle;
  }

  public SYMLINK3res symlink(nfs_fh3 dir, String name, String target) {
    return symlink(dir, name, bytes(target), sattr());
  }

  public SYMLINK3res symlink(nfs_fh3 dir, String name, byte[] target, sattr3 s) {
    SYMLINK3args a = new SYMLINK3args();
    a.where = where(dir, name);
    a.symlink = new symlinkdata3();
    a.symlink.symlink_attributes = s;
    a.symlink.symlink_data = target;
    return call(Procedure.SYMLINK, a, new SYMLINK3res());
  }

  /** MKNOD of {@code type} ({@code ftype3}) with no attributes set and device 0,0. */
  public MKNOD3res mknod(nfs_fh3 dir, String name, int type) {
    MKNOD3args a = new MKNOD3args();
    a.where = where(dir, name);
    a.what = new mknoddata3();
    a.what.type = type;
    if (type == ftype3.NF3CHR || type == ftype3.NF3BLK) {
      a.what.device = new devicedata3();
      a.what.device.dev_attributes = sattr();
      a.what.device.spec = new specdata3();
    } else if (type == ftype3.NF3SOCK || type == ftype3.NF3FIFO) {
      a.what.pipe_attributes = sattr();
    }
    return call(Procedure.MKNOD, a, new MKNOD3res());
  }

  public READLINK3res readlink(nfs_fh3 fh) {
    READLINK3args a = new READLINK3args();
    a.symlink = fh;
    return call(Procedure.READLINK, a, new READLINK3res());
  }

  public WRITE3res write(nfs_fh3 fh, long offset, byte[] data) {
    return write(fh, offset, data.length, stable_how.UNSTABLE, data);
  }

  public WRITE3res write(nfs_fh3 fh, long offset, int count, int stable, byte[] data) {
    WRITE3args a = new WRITE3args();
    a.file = fh;
    a.offset = offset;
    a.count = count;
    a.stable = stable;
    a.data = data;
    return call(Procedure.WRITE, a, new WRITE3res());
  }

  public READ3res read(nfs_fh3 fh, long offset, int count) {
    READ3args a = new READ3args();
    a.file = fh;
    a.offset = offset;
    a.count = count;
    return call(Procedure.READ, a, new READ3res());
  }

  public REMOVE3res remove(nfs_fh3 dir, String name) {
    REMOVE3args a = new REMOVE3args();
    a.object = where(dir, name);
    return call(Procedure.REMOVE, a, new REMOVE3res());
  }

  public RMDIR3res rmdir(nfs_fh3 dir, String name) {
    RMDIR3args a = new RMDIR3args();
    a.object = where(dir, name);
    return call(Procedure.RMDIR, a, new RMDIR3res());
  }

  public RENAME3res rename(nfs_fh3 from, String fromName, nfs_fh3 to, String toName) {
    RENAME3args a = new RENAME3args();
    a.from = where(from, fromName);
    a.to = where(to, toName);
    return call(Procedure.RENAME, a, new RENAME3res());
  }

  public LINK3res link(nfs_fh3 file, nfs_fh3 dir, String name) {
    LINK3args a = new LINK3args();
    a.file = file;
    a.link = where(dir, name);
    return call(Procedure.LINK, a, new LINK3res());
  }

  public READDIR3res readdir(nfs_fh3 dir, long cookie, int count) {
    return readdir(dir, cookie, new byte[8], count);
  }

  public READDIR3res readdir(nfs_fh3 dir, long cookie, byte[] cookieverf, int count) {
    READDIR3args a = new READDIR3args();
    a.dir = dir;
    a.cookie = cookie;
    a.cookieverf = cookieverf;
    a.count = count;
    return call(Procedure.READDIR, a, new READDIR3res());
  }

  public READDIRPLUS3res readdirplus(nfs_fh3 dir, long cookie, int dircount, int maxcount) {
    READDIRPLUS3args a = new READDIRPLUS3args();
    a.dir = dir;
    a.cookie = cookie;
    a.cookieverf = new byte[8];
    a.dircount = dircount;
    a.maxcount = maxcount;
    return call(Procedure.READDIRPLUS, a, new READDIRPLUS3res());
  }

  public FSSTAT3res fsstat(nfs_fh3 fh) {
    FSSTAT3args a = new FSSTAT3args();
    a.fsroot = fh;
    return call(Procedure.FSSTAT, a, new FSSTAT3res());
  }

  public FSINFO3res fsinfo(nfs_fh3 fh) {
    FSINFO3args a = new FSINFO3args();
    a.fsroot = fh;
    return call(Procedure.FSINFO, a, new FSINFO3res());
  }

  public PATHCONF3res pathconf(nfs_fh3 fh) {
    PATHCONF3args a = new PATHCONF3args();
    a.object = fh;
    return call(Procedure.PATHCONF, a, new PATHCONF3res());
  }

  public COMMIT3res commit(nfs_fh3 fh) {
    COMMIT3args a = new COMMIT3args();
    a.file = fh;
    return call(Procedure.COMMIT, a, new COMMIT3res());
  }
}
