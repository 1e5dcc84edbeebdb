package org.bftnfs.spec.workload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.*;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * A seeded generator of NFSv3 calls covering every procedure, for determinism and differential
 * tests: the same seed and the same replies give the same sequence of calls.
 *
 * <p>It learns handles from the replies it is shown ({@link #observe}) and keeps them after their
 * objects are removed, so that stale handles are exercised; it also forges malformed handles, uses
 * a small pool of names (so names collide), special names ("." "..", empty, too long, high bytes),
 * several callers (root, two users sharing a group, AUTH_NONE), sparse and large writes,
 * truncation, and now and then arguments that do not decode.
 */
public final class RandomWorkload {

  private static final String[] NAMES = {"a", "b", "c", "d", "e", "f", "g", "h", "A", "Zz"};

  private final Random random;
  private final FileHandles handles;
  private final List<byte[]> dirs = new ArrayList<>();
  private final List<byte[]> files = new ArrayList<>();
  private final List<byte[]> links = new ArrayList<>();
  private final List<diropargs3> filePlaces = new ArrayList<>();
  private final List<diropargs3> dirPlaces = new ArrayList<>();
  private final int maxWrite;

  /**
   * @param seed the seed; print it with any failure so the run can be replayed
   * @param handles the export's handle format (the root handle starts the workload)
   * @param maxWrite largest WRITE payload generated
   */
  public RandomWorkload(long seed, FileHandles handles, int maxWrite) {
    this.random = new Random(seed);
    this.handles = handles;
    this.maxWrite = maxWrite;
    dirs.add(handles.root());
  }

  /** The next call. */
  public NfsCall next() {
    Credentials who = caller();
    int roll = random.nextInt(100);
    if (roll == 0) {
      return new NfsCall(Procedure.NULL.number(), who, new byte[0]);
    }
    if (roll == 1) {
      byte[] junk = new byte[random.nextInt(12)];
      random.nextBytes(junk);
      return new NfsCall(1 + random.nextInt(21), who, junk);
    }
    Procedure p = pick();
    return new NfsCall(p.number(), who, XdrCodec.encode(arguments(p)));
  }

  /** Learns the handles a reply reveals. */
  public void observe(NfsCall call, NfsReply reply) {
    if (reply.outcome() != NfsReply.Outcome.SUCCESS) {
      return;
    }
    try {
      switch (Procedure.byNumber(call.procedure())) {
        case CREATE -> {
          if (learn(XdrCodec.decode(reply.result(), new CREATE3res()), files)) {
            filePlaces.add(XdrCodec.decode(call.arguments(), new CREATE3args()).where);
          }
        }
        case MKDIR -> {
          if (learn(XdrCodec.decode(reply.result(), new MKDIR3res()), dirs)) {
            dirPlaces.add(XdrCodec.decode(call.arguments(), new MKDIR3args()).where);
          }
        }
        case SYMLINK -> learn(XdrCodec.decode(reply.result(), new SYMLINK3res()), links);
        case LOOKUP -> {
          LOOKUP3res r = XdrCodec.decode(reply.result(), new LOOKUP3res());
          if (r.status == nfsstat3.NFS3_OK && r.resok.obj_attributes.attributes_follow) {
            remember(r.resok.object.data, r.resok.obj_attributes.attributes.type);
          }
        }
        default -> {}
      }
    } catch (MalformedXdrException e) {
      throw new IllegalStateException("reply to " + call.procedure() + " does not decode", e);
    }
  }

  /** Remembers the handle a creation returned; true when it succeeded. */
  private boolean learn(XdrAble res, List<byte[]> into) {
    int status;
    post_op_fh3 obj;
    if (res instanceof CREATE3res r) {
      status = r.status;
      obj = status == 0 ? r.resok.obj : null;
    } else if (res instanceof MKDIR3res r) {
      status = r.status;
      obj = status == 0 ? r.resok.obj : null;
    } else {
      SYMLINK3res r = (SYMLINK3res) res;
      status = r.status;
      obj = status == 0 ? r.resok.obj : null;
    }
    if (obj != null && obj.handle_follows && !contains(into, obj.handle.data)) {
      into.add(obj.handle.data);
    }
    return status == nfsstat3.NFS3_OK;
  }

  private void remember(byte[] fh, int type) {
    List<byte[]> into = type == ftype3.NF3DIR ? dirs : type == ftype3.NF3LNK ? links : files;
    if (!contains(into, fh)) {
      into.add(fh);
    }
  }

  private static boolean contains(List<byte[]> list, byte[] fh) {
    for (byte[] b : list) {
      if (java.util.Arrays.equals(b, fh)) {
        return true;
      }
    }
    return false;
  }

  private Credentials caller() {
    int r = random.nextInt(20);
    if (r < 12) {
      return Credentials.unix(0, 0);
    }
    if (r < 16) {
      return Credentials.unix(1000, 1000);
    }
    if (r < 19) {
      return Credentials.unix(1001, 1001, 1000);
    }
    return Credentials.none();
  }

  private static final Procedure[] WEIGHTED = weights();

  private static Procedure[] weights() {
    Object[][] w = {
      {Procedure.GETATTR, 5}, {Procedure.SETATTR, 6}, {Procedure.LOOKUP, 8},
      {Procedure.ACCESS, 3}, {Procedure.READLINK, 2}, {Procedure.READ, 10},
      {Procedure.WRITE, 15}, {Procedure.CREATE, 12}, {Procedure.MKDIR, 6},
      {Procedure.SYMLINK, 3}, {Procedure.MKNOD, 1}, {Procedure.REMOVE, 6},
      {Procedure.RMDIR, 5}, {Procedure.RENAME, 7}, {Procedure.LINK, 3},
      {Procedure.READDIR, 4}, {Procedure.READDIRPLUS, 4}, {Procedure.FSSTAT, 1},
      {Procedure.FSINFO, 1}, {Procedure.PATHCONF, 1}, {Procedure.COMMIT, 1}
    };
    List<Procedure> out = new ArrayList<>();
    for (Object[] e : w) {
      for (int i = 0; i < (int) e[1]; i++) {
        out.add((Procedure) e[0]);
      }
    }
    return out.toArray(new Procedure[0]);
  }

  private Procedure pick() {
    return WEIGHTED[random.nextInt(WEIGHTED.length)];
  }

  // ---- argument builders -------------------------------------------------------------------

  private XdrAble arguments(Procedure p) {
    return switch (p) {
      case GETATTR -> {
        GETATTR3args a = new GETATTR3args();
        a.object = any();
        yield a;
      }
      case SETATTR -> {
        SETATTR3args a = new SETATTR3args();
        a.object = random.nextInt(4) == 0 ? any() : fh(files);
        a.new_attributes = sattr(true);
        a.guard = new sattrguard3();
        a.guard.check = random.nextInt(10) == 0;
        a.guard.obj_ctime = time();
        yield a;
      }
      case LOOKUP -> {
        LOOKUP3args a = new LOOKUP3args();
        a.what = where();
        yield a;
      }
      case ACCESS -> {
        ACCESS3args a = new ACCESS3args();
        a.object = any();
        a.access = random.nextInt(64);
        yield a;
      }
      case READLINK -> {
        READLINK3args a = new READLINK3args();
        a.symlink = random.nextInt(4) == 0 ? any() : fh(links);
        yield a;
      }
      case READ -> {
        READ3args a = new READ3args();
        a.file = random.nextInt(6) == 0 ? any() : fh(files);
        a.offset = offset();
        a.count = random.nextInt(3) == 0 ? random.nextInt(200_000) : random.nextInt(9000);
        yield a;
      }
      case WRITE -> write();
      case CREATE -> create();
      case MKDIR -> {
        MKDIR3args a = new MKDIR3args();
        a.where = where();
        a.attributes = sattr(false);
        yield a;
      }
      case SYMLINK -> {
        SYMLINK3args a = new SYMLINK3args();
        a.where = where();
        a.symlink = new symlinkdata3();
        a.symlink.symlink_attributes = sattr(false);
        a.symlink.symlink_data = random.nextInt(10) == 0 ? new byte[0] : name();
        yield a;
      }
      case MKNOD -> {
        MKNOD3args a = new MKNOD3args();
        a.where = where();
        a.what = new mknoddata3();
        a.what.type = ftype3.NF3FIFO;
        a.what.pipe_attributes = sattr(false);
        yield a;
      }
      case REMOVE -> {
        REMOVE3args a = new REMOVE3args();
        a.object = known(filePlaces);
        yield a;
      }
      case RMDIR -> {
        RMDIR3args a = new RMDIR3args();
        a.object = known(dirPlaces);
        yield a;
      }
      case RENAME -> {
        RENAME3args a = new RENAME3args();
        a.from = known(random.nextBoolean() ? filePlaces : dirPlaces);
        a.to = where();
        yield a;
      }
      case LINK -> {
        LINK3args a = new LINK3args();
        a.file = random.nextInt(5) == 0 ? any() : fh(files);
        a.link = where();
        yield a;
      }
      case READDIR -> {
        READDIR3args a = new READDIR3args();
        a.dir = random.nextInt(8) == 0 ? any() : fh(dirs);
        a.cookie = cookie();
        a.cookieverf = new byte[8];
        a.count = 100 + random.nextInt(4000);
        yield a;
      }
      case READDIRPLUS -> {
        READDIRPLUS3args a = new READDIRPLUS3args();
        a.dir = random.nextInt(8) == 0 ? any() : fh(dirs);
        a.cookie = cookie();
        a.cookieverf = new byte[8];
        a.dircount = 50 + random.nextInt(2000);
        a.maxcount = 200 + random.nextInt(8000);
        yield a;
      }
      case FSSTAT -> {
        FSSTAT3args a = new FSSTAT3args();
        a.fsroot = any();
        yield a;
      }
      case FSINFO -> {
        FSINFO3args a = new FSINFO3args();
        a.fsroot = any();
        yield a;
      }
      case PATHCONF -> {
        PATHCONF3args a = new PATHCONF3args();
        a.object = any();
        yield a;
      }
      case COMMIT -> {
        COMMIT3args a = new COMMIT3args();
        a.file = any();
        a.offset = 0;
        a.count = 0;
        yield a;
      }
      case NULL -> throw new IllegalStateException("NULL has no arguments");
    };
  }

  private WRITE3args write() {
    WRITE3args a = new WRITE3args();
    a.file = random.nextInt(8) == 0 ? any() : fh(files);
    a.offset = offset();
    int n = random.nextInt(5) == 0 ? random.nextInt(maxWrite + 1) : random.nextInt(5000);
    a.data = new byte[n];
    random.nextBytes(a.data);
    if (random.nextInt(4) == 0) {
      java.util.Arrays.fill(a.data, (byte) 0);
    }
    a.count = random.nextInt(50) == 0 ? n + 1 : n;
    a.stable = random.nextInt(3);
    return a;
  }

  private CREATE3args create() {
    CREATE3args a = new CREATE3args();
    a.where = where();
    a.how = new createhow3();
    a.how.mode = random.nextInt(3);
    if (a.how.mode == createmode3.EXCLUSIVE) {
      a.how.verf = new byte[8];
      a.how.verf[0] = (byte) random.nextInt(3);
    } else {
      a.how.obj_attributes = sattr(random.nextInt(5) == 0);
    }
    return a;
  }

  private long offset() {
    int r = random.nextInt(10);
    if (r < 6) {
      return random.nextInt(70_000);
    }
    if (r < 9) {
      return random.nextInt(6_000_000);
    }
    return random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(10) : -1L;
  }

  private long cookie() {
    int r = random.nextInt(10);
    return r < 6 ? 0 : r < 9 ? random.nextInt(40) : random.nextLong();
  }

  private sattr3 sattr(boolean withSize) {
    sattr3 s = new sattr3();
    s.mode = new set_mode3();
    s.uid = new set_uid3();
    s.gid = new set_gid3();
    s.size = new set_size3();
    s.atime = new set_atime();
    s.mtime = new set_mtime();
    if (random.nextInt(2) == 0) {
      s.mode.set_it = true;
      s.mode.mode =
          random.nextInt(3) == 0 ? random.nextInt(010000) : 0755 - random.nextInt(2) * 0111;
    }
    if (random.nextInt(10) == 0) {
      s.uid.set_it = true;
      s.uid.uid = 1000 + random.nextInt(2);
    }
    if (random.nextInt(10) == 0) {
      s.gid.set_it = true;
      s.gid.gid = 1000 + random.nextInt(2);
    }
    if (withSize && random.nextInt(2) == 0) {
      s.size.set_it = true;
      s.size.size = random.nextInt(10) == 0 ? Long.MAX_VALUE : random.nextInt(3_000_000);
    }
    s.atime.set_it = random.nextInt(3);
    s.atime.atime = time();
    s.mtime.set_it = random.nextInt(3);
    s.mtime.mtime = time();
    return s;
  }

  private nfstime3 time() {
    nfstime3 t = new nfstime3();
    t.seconds = random.nextInt(2_000_000_000);
    t.nseconds = random.nextInt(20) == 0 ? 1_500_000_000 : random.nextInt(1_000_000_000);
    return t;
  }

  private diropargs3 where() {
    diropargs3 d = new diropargs3();
    d.dir = random.nextInt(10) == 0 ? any() : fh(dirs);
    d.name = name();
    return d;
  }

  /** Half the time a place where an object was once created, else any place. */
  private diropargs3 known(List<diropargs3> places) {
    return places.isEmpty() || random.nextBoolean()
        ? where()
        : places.get(random.nextInt(places.size()));
  }

  private byte[] name() {
    int r = random.nextInt(40);
    return switch (r) {
      case 0 -> ".".getBytes(StandardCharsets.US_ASCII);
      case 1 -> "..".getBytes(StandardCharsets.US_ASCII);
      case 2 -> new byte[0];
      case 3 -> "x".repeat(256).getBytes(StandardCharsets.US_ASCII);
      case 4 -> new byte[] {(byte) 0xff, 'q'};
      case 5 -> "a/b".getBytes(StandardCharsets.US_ASCII);
      default -> NAMES[random.nextInt(NAMES.length)].getBytes(StandardCharsets.US_ASCII);
    };
  }

  private nfs_fh3 fh(List<byte[]> pool) {
    nfs_fh3 f = new nfs_fh3();
    f.data = pool.isEmpty() ? handles.root() : pool.get(random.nextInt(pool.size()));
    return f;
  }

  /** Any handle: mostly known ones of any kind, sometimes forged. */
  private nfs_fh3 any() {
    int r = random.nextInt(20);
    if (r == 0) {
      nfs_fh3 f = new nfs_fh3();
      f.data = new byte[random.nextInt(20)];
      random.nextBytes(f.data);
      return f;
    }
    if (r == 1) {
      nfs_fh3 f = new nfs_fh3();
      f.data = handles.encode(new Oid(random.nextInt(50), random.nextInt(3)));
      return f;
    }
    return fh(r < 8 ? dirs : r < 16 ? files : links);
  }
}
