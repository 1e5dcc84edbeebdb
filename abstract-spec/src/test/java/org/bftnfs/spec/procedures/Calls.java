package org.bftnfs.spec.procedures;

import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.SpecHarness.mode;
import static org.bftnfs.spec.SpecHarness.sattr;
import static org.bftnfs.spec.SpecHarness.where;

import org.bftnfs.spec.service.Procedure;
import org.bftnfs.xdr.nfs.*;
import org.dcache.oncrpc4j.xdr.XdrAble;

/** Well-formed arguments for every NFSv3 procedure that takes a handle. */
final class Calls {

  private Calls() {}

  /**
   * Arguments of {@code p} naming {@code fh} as its first handle, {@code second} as the second
   * (RENAME's to directory, LINK's directory), "x" and "y" as names, and small valid values
   * elsewhere.
   */
  static XdrAble args(Procedure p, nfs_fh3 fh, nfs_fh3 second) {
    return switch (p) {
      case GETATTR -> {
        GETATTR3args a = new GETATTR3args();
        a.object = fh;
        yield a;
      }
      case SETATTR -> {
        SETATTR3args a = new SETATTR3args();
        a.object = fh;
        a.new_attributes = mode(0644);
        a.guard = new sattrguard3();
        yield a;
      }
      case LOOKUP -> {
        LOOKUP3args a = new LOOKUP3args();
        a.what = where(fh, "x");
        yield a;
      }
      case ACCESS -> {
        ACCESS3args a = new ACCESS3args();
        a.object = fh;
        a.access = 63;
        yield a;
      }
      case READLINK -> {
        READLINK3args a = new READLINK3args();
        a.symlink = fh;
        yield a;
      }
      case READ -> {
        READ3args a = new READ3args();
        a.file = fh;
        a.count = 10;
        yield a;
      }
      case WRITE -> {
        WRITE3args a = new WRITE3args();
        a.file = fh;
        a.count = 1;
        a.stable = stable_how.FILE_SYNC;
        a.data = bytes("x");
        yield a;
      }
      case CREATE -> {
        CREATE3args a = new CREATE3args();
        a.where = where(fh, "x");
        a.how = new createhow3();
        a.how.mode = createmode3.GUARDED;
        a.how.obj_attributes = mode(0644);
        yield a;
      }
      case MKDIR -> {
        MKDIR3args a = new MKDIR3args();
        a.where = where(fh, "x");
        a.attributes = mode(0755);
        yield a;
      }
      case SYMLINK -> {
        SYMLINK3args a = new SYMLINK3args();
        a.where = where(fh, "x");
        a.symlink = new symlinkdata3();
        a.symlink.symlink_attributes = sattr();
        a.symlink.symlink_data = bytes("t");
        yield a;
      }
      case MKNOD -> {
        MKNOD3args a = new MKNOD3args();
        a.where = where(fh, "x");
        a.what = new mknoddata3();
        a.what.type = ftype3.NF3FIFO;
        a.what.pipe_attributes = sattr();
        yield a;
      }
      case REMOVE -> {
        REMOVE3args a = new REMOVE3args();
        a.object = where(fh, "x");
        yield a;
      }
      case RMDIR -> {
        RMDIR3args a = new RMDIR3args();
        a.object = where(fh, "x");
        yield a;
      }
      case RENAME -> {
        RENAME3args a = new RENAME3args();
        a.from = where(fh, "x");
        a.to = where(second, "y");
        yield a;
      }
      case LINK -> {
        LINK3args a = new LINK3args();
        a.file = fh;
        a.link = where(second, "y");
        yield a;
      }
      case READDIR -> {
        READDIR3args a = new READDIR3args();
        a.dir = fh;
        a.cookieverf = new byte[8];
        a.count = 4096;
        yield a;
      }
      case READDIRPLUS -> {
        READDIRPLUS3args a = new READDIRPLUS3args();
        a.dir = fh;
        a.cookieverf = new byte[8];
        a.dircount = 4096;
        a.maxcount = 8192;
        yield a;
      }
      case FSSTAT -> {
        FSSTAT3args a = new FSSTAT3args();
        a.fsroot = fh;
        yield a;
      }
      case FSINFO -> {
        FSINFO3args a = new FSINFO3args();
        a.fsroot = fh;
        yield a;
      }
      case PATHCONF -> {
        PATHCONF3args a = new PATHCONF3args();
        a.object = fh;
        yield a;
      }
      case COMMIT -> {
        COMMIT3args a = new COMMIT3args();
        a.file = fh;
        yield a;
      }
      case NULL -> throw new IllegalArgumentException("NULL takes no handle");
    };
  }

  /** Every procedure that takes a handle (all but NULL). */
  static Procedure[] withHandles() {
    return java.util.Arrays.stream(Procedure.values())
        .filter(p -> p != Procedure.NULL)
        .toArray(Procedure[]::new);
  }
}
