package org.bftnfs.testkit.nfs;

import java.nio.charset.StandardCharsets;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.LOOKUP3args;
import org.bftnfs.xdr.nfs.MKDIR3args;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READDIRPLUS3args;
import org.bftnfs.xdr.nfs.REMOVE3args;
import org.bftnfs.xdr.nfs.SETATTR3args;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.createhow3;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.diropargs3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.sattrguard3;
import org.bftnfs.xdr.nfs.set_atime;
import org.bftnfs.xdr.nfs.set_gid3;
import org.bftnfs.xdr.nfs.set_mode3;
import org.bftnfs.xdr.nfs.set_mtime;
import org.bftnfs.xdr.nfs.set_size3;
import org.bftnfs.xdr.nfs.set_uid3;
import org.bftnfs.xdr.nfs.stable_how;

/**
 * The typed NFSv3 and MOUNTv3 argument values the tests build by hand, each complete (every field
 * an encoder needs is set). Names are encoded as UTF-8.
 */
public final class NfsArgs {

  private NfsArgs() {}

  /** A file handle. */
  public static nfs_fh3 fh(byte[] handle) {
    nfs_fh3 fh = new nfs_fh3();
    fh.data = handle;
    return fh;
  }

  /** {@code name} in the directory {@code dir}. */
  public static diropargs3 where(byte[] dir, String name) {
    diropargs3 d = new diropargs3();
    d.dir = fh(dir);
    d.name = name.getBytes(StandardCharsets.UTF_8);
    return d;
  }

  /** Attributes that set nothing. */
  public static sattr3 noAttributes() {
    sattr3 s = new sattr3();
    s.mode = new set_mode3();
    s.uid = new set_uid3();
    s.gid = new set_gid3();
    s.size = new set_size3();
    s.atime = new set_atime();
    s.atime.atime = new nfstime3();
    s.mtime = new set_mtime();
    s.mtime.mtime = new nfstime3();
    return s;
  }

  /** Attributes that set the mode only. */
  public static sattr3 mode(int mode) {
    sattr3 s = noAttributes();
    s.mode.set_it = true;
    s.mode.mode = mode;
    return s;
  }

  /** MOUNT's argument: the path of an export. */
  public static mntargs3 mountPath(String path) {
    mntargs3 args = new mntargs3();
    args.dirpath = path.getBytes(StandardCharsets.UTF_8);
    return args;
  }

  /** GETATTR of {@code object}. */
  public static GETATTR3args getattr(byte[] object) {
    GETATTR3args a = new GETATTR3args();
    a.object = fh(object);
    return a;
  }

  /** SETATTR of the mode of {@code object}, unguarded. */
  public static SETATTR3args setMode(byte[] object, int mode) {
    SETATTR3args a = new SETATTR3args();
    a.object = fh(object);
    a.new_attributes = mode(mode);
    a.guard = new sattrguard3();
    return a;
  }

  /** SETATTR of the size of {@code file}, unguarded. */
  public static SETATTR3args setSize(byte[] file, long size) {
    SETATTR3args a = new SETATTR3args();
    a.object = fh(file);
    a.new_attributes = noAttributes();
    a.new_attributes.size.set_it = true;
    a.new_attributes.size.size = size;
    a.guard = new sattrguard3();
    return a;
  }

  /** LOOKUP of {@code name} in {@code dir}. */
  public static LOOKUP3args lookup(byte[] dir, String name) {
    LOOKUP3args a = new LOOKUP3args();
    a.what = where(dir, name);
    return a;
  }

  /** CREATE of {@code name} in {@code dir} with {@code mode}: GUARDED or UNCHECKED. */
  public static CREATE3args create(byte[] dir, String name, int mode, boolean guarded) {
    CREATE3args a = new CREATE3args();
    a.where = where(dir, name);
    a.how = new createhow3();
    a.how.mode = guarded ? createmode3.GUARDED : createmode3.UNCHECKED;
    a.how.obj_attributes = mode(mode);
    return a;
  }

  /** MKDIR of {@code name} in {@code dir} with {@code attributes}. */
  public static MKDIR3args mkdir(byte[] dir, String name, sattr3 attributes) {
    MKDIR3args a = new MKDIR3args();
    a.where = where(dir, name);
    a.attributes = attributes;
    return a;
  }

  /** REMOVE of {@code name} in {@code dir}. */
  public static REMOVE3args remove(byte[] dir, String name) {
    REMOVE3args a = new REMOVE3args();
    a.object = where(dir, name);
    return a;
  }

  /** WRITE (FILE_SYNC) of all of {@code data} at {@code offset}. */
  public static WRITE3args write(byte[] file, long offset, byte[] data) {
    WRITE3args a = new WRITE3args();
    a.file = fh(file);
    a.offset = offset;
    a.count = data.length;
    a.stable = stable_how.FILE_SYNC;
    a.data = data;
    return a;
  }

  /** READ of up to {@code count} bytes at {@code offset}. */
  public static READ3args read(byte[] file, long offset, int count) {
    READ3args a = new READ3args();
    a.file = fh(file);
    a.offset = offset;
    a.count = count;
    return a;
  }

  /** READDIRPLUS from the start (cookie 0, zero verifier) with the given limits. */
  public static READDIRPLUS3args readdirplus(byte[] dir, int dircount, int maxcount) {
    READDIRPLUS3args a = new READDIRPLUS3args();
    a.dir = fh(dir);
    a.cookie = 0;
    a.cookieverf = new byte[8];
    a.dircount = dircount;
    a.maxcount = maxcount;
    return a;
  }
}
