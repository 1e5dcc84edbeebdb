package org.bftnfs.clusters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.LOOKUP3args;
import org.bftnfs.xdr.nfs.LOOKUP3res;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.READDIRPLUS3args;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.REMOVE3args;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.createhow3;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.diropargs3;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.set_atime;
import org.bftnfs.xdr.nfs.set_gid3;
import org.bftnfs.xdr.nfs.set_mode3;
import org.bftnfs.xdr.nfs.set_mtime;
import org.bftnfs.xdr.nfs.set_size3;
import org.bftnfs.xdr.nfs.set_uid3;
import org.bftnfs.xdr.nfs.stable_how;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * The few NFSv3 calls (as root) the cluster tests make by hand, and the parts of the replies they
 * look at.
 */
final class NfsCalls {

  static final Credentials ROOT = Credentials.unix(0, 0);

  private NfsCalls() {}

  /**
   * CREATE of {@code name} in {@code dir}, mode 0644: GUARDED (fails if it exists) or UNCHECKED.
   */
  static NfsCall create(byte[] dir, String name, boolean guarded) {
    CREATE3args a = new CREATE3args();
    a.where = where(dir, name);
    a.how = new createhow3();
    a.how.mode = guarded ? createmode3.GUARDED : createmode3.UNCHECKED;
    a.how.obj_attributes = mode(0644);
    return call(Procedure.CREATE, a);
  }

  static NfsCall remove(byte[] dir, String name) {
    REMOVE3args a = new REMOVE3args();
    a.object = where(dir, name);
    return call(Procedure.REMOVE, a);
  }

  static NfsCall lookup(byte[] dir, String name) {
    LOOKUP3args a = new LOOKUP3args();
    a.what = where(dir, name);
    return call(Procedure.LOOKUP, a);
  }

  /** WRITE (FILE_SYNC) of all of {@code data} at {@code offset}. */
  static NfsCall write(byte[] file, long offset, byte[] data) {
    WRITE3args a = new WRITE3args();
    a.file = fh(file);
    a.offset = offset;
    a.count = data.length;
    a.stable = stable_how.FILE_SYNC;
    a.data = data;
    return call(Procedure.WRITE, a);
  }

  static NfsCall getattr(byte[] object) {
    GETATTR3args a = new GETATTR3args();
    a.object = fh(object);
    return call(Procedure.GETATTR, a);
  }

  static NfsCall read(byte[] file, long offset, int count) {
    READ3args a = new READ3args();
    a.file = fh(file);
    a.offset = offset;
    a.count = count;
    return call(Procedure.READ, a);
  }

  /** READDIRPLUS from the start, asking for everything in one reply. */
  static NfsCall readdirplus(byte[] dir) {
    READDIRPLUS3args a = new READDIRPLUS3args();
    a.dir = fh(dir);
    a.cookie = 0;
    a.cookieverf = new byte[8];
    a.dircount = 1 << 20;
    a.maxcount = 1 << 20;
    return call(Procedure.READDIRPLUS, a);
  }

  /**
   * The NFS status of an accepted reply to {@code call} (every NFSv3 result starts with it), or -1
   * for NULL and for RPC-level outcomes (GARBAGE_ARGS, PROC_UNAVAIL).
   */
  static int status(NfsCall call, NfsReply reply) {
    return call.procedure() == Procedure.NULL.number() ? -1 : status(reply);
  }

  /** The NFS status of an accepted reply to a procedure other than NULL, else -1. */
  static int status(NfsReply reply) {
    if (reply.outcome() != NfsReply.Outcome.SUCCESS || reply.result().length < 4) {
      return -1;
    }
    return ByteBuffer.wrap(reply.result()).getInt();
  }

  /** The handle a successful CREATE returned. */
  static byte[] createdHandle(NfsReply reply) throws MalformedXdrException {
    CREATE3res r = XdrCodec.decode(reply.result(), new CREATE3res());
    if (r.status != nfsstat3.NFS3_OK || !r.resok.obj.handle_follows) {
      throw new IllegalStateException("CREATE answered status " + r.status + " or no handle");
    }
    return r.resok.obj.handle.data;
  }

  /** The handle a successful LOOKUP returned. */
  static byte[] lookedUpHandle(NfsReply reply) throws MalformedXdrException {
    LOOKUP3res r = XdrCodec.decode(reply.result(), new LOOKUP3res());
    if (r.status != nfsstat3.NFS3_OK) {
      throw new IllegalStateException("LOOKUP answered status " + r.status);
    }
    return r.resok.object.data;
  }

  /** The data of a successful READ. */
  static byte[] readData(NfsReply reply) throws MalformedXdrException {
    READ3res r = XdrCodec.decode(reply.result(), new READ3res());
    if (r.status != nfsstat3.NFS3_OK) {
      throw new IllegalStateException("READ answered status " + r.status);
    }
    return r.resok.data;
  }

  /** The names a complete, successful READDIRPLUS listed, in order. */
  static List<String> names(NfsReply reply) throws MalformedXdrException {
    READDIRPLUS3res r = XdrCodec.decode(reply.result(), new READDIRPLUS3res());
    if (r.status != nfsstat3.NFS3_OK || !r.resok.reply.eof) {
      throw new IllegalStateException(
          "READDIRPLUS answered status " + r.status + " (or not the whole directory)");
    }
    List<String> names = new ArrayList<>();
    for (entryplus3 e = r.resok.reply.entries; e != null; e = e.nextentry) {
      names.add(new String(e.name, StandardCharsets.UTF_8));
    }
    return names;
  }

  private static NfsCall call(Procedure p, XdrAble args) {
    return new NfsCall(p.number(), ROOT, XdrCodec.encode(args));
  }

  private static nfs_fh3 fh(byte[] handle) {
    nfs_fh3 fh = new nfs_fh3();
    fh.data = handle;
    return fh;
  }

  private static diropargs3 where(byte[] dir, String name) {
    diropargs3 d = new diropargs3();
    d.dir = fh(dir);
    d.name = name.getBytes(StandardCharsets.UTF_8);
    return d;
  }

  private static sattr3 mode(int mode) {
    sattr3 s = new sattr3();
    s.mode = new set_mode3();
    s.mode.set_it = true;
    s.mode.mode = mode;
    s.uid = new set_uid3();
    s.gid = new set_gid3();
    s.size = new set_size3();
    s.atime = new set_atime();
    s.atime.atime = new nfstime3();
    s.mtime = new set_mtime();
    s.mtime.mtime = new nfstime3();
    return s;
  }
}
