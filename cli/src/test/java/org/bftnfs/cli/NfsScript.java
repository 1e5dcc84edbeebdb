package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.GETATTR3res;
import org.bftnfs.xdr.nfs.MKDIR3args;
import org.bftnfs.xdr.nfs.MKDIR3res;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.READDIRPLUS3args;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.WRITE3res;
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
 * A few NFSv3 procedures as root through a {@link Lockstep}, each asserted to succeed ({@code
 * NFS3_OK}), with the parts of the replies a test looks at decoded.
 */
final class NfsScript {

  private static final Credentials ROOT = Credentials.unix(0, 0);

  private final Lockstep servers;
  private long lastMtimeSeconds;

  NfsScript(Lockstep servers) {
    this.servers = servers;
  }

  /** GETATTR; returns the size. */
  long getattr(byte[] object) throws Exception {
    GETATTR3args a = new GETATTR3args();
    a.object = fh(object);
    GETATTR3res r = call(Procedure.GETATTR, a, new GETATTR3res());
    assertThat(r.status).as("GETATTR status").isEqualTo(nfsstat3.NFS3_OK);
    lastMtimeSeconds = Integer.toUnsignedLong(r.resok.obj_attributes.mtime.seconds);
    return r.resok.obj_attributes.size;
  }

  /** CREATE (UNCHECKED) of {@code name} in {@code dir}; returns its handle. */
  byte[] create(byte[] dir, String name, int mode) throws Exception {
    CREATE3args a = new CREATE3args();
    a.where = where(dir, name);
    a.how = new createhow3();
    a.how.mode = createmode3.UNCHECKED;
    a.how.obj_attributes = mode(mode);
    CREATE3res r = call(Procedure.CREATE, a, new CREATE3res());
    assertThat(r.status).as("CREATE %s status", name).isEqualTo(nfsstat3.NFS3_OK);
    lastMtimeSeconds = Integer.toUnsignedLong(r.resok.obj_attributes.attributes.mtime.seconds);
    return r.resok.obj.handle.data;
  }

  /** MKDIR of {@code name} in {@code dir}; returns its handle. */
  byte[] mkdir(byte[] dir, String name, int mode) throws Exception {
    MKDIR3args a = new MKDIR3args();
    a.where = where(dir, name);
    a.attributes = mode(mode);
    MKDIR3res r = call(Procedure.MKDIR, a, new MKDIR3res());
    assertThat(r.status).as("MKDIR %s status", name).isEqualTo(nfsstat3.NFS3_OK);
    return r.resok.obj.handle.data;
  }

  /** WRITE (FILE_SYNC) of all of {@code data} at {@code offset}. */
  void write(byte[] file, long offset, byte[] data) throws Exception {
    WRITE3args a = new WRITE3args();
    a.file = fh(file);
    a.offset = offset;
    a.count = data.length;
    a.stable = stable_how.FILE_SYNC;
    a.data = data;
    WRITE3res r = call(Procedure.WRITE, a, new WRITE3res());
    assertThat(r.status).as("WRITE status").isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.count).isEqualTo(data.length);
  }

  /** READ of up to {@code count} bytes at {@code offset}; returns the data. */
  byte[] read(byte[] file, long offset, int count) throws Exception {
    READ3args a = new READ3args();
    a.file = fh(file);
    a.offset = offset;
    a.count = count;
    READ3res r = call(Procedure.READ, a, new READ3res());
    assertThat(r.status).as("READ status").isEqualTo(nfsstat3.NFS3_OK);
    return r.resok.data;
  }

  /** READDIRPLUS from the start, in one reply; returns the names in the order listed. */
  List<String> readdirplus(byte[] dir) throws Exception {
    READDIRPLUS3args a = new READDIRPLUS3args();
    a.dir = fh(dir);
    a.cookie = 0;
    a.cookieverf = new byte[8];
    a.dircount = 8192;
    a.maxcount = 65_536;
    READDIRPLUS3res r = call(Procedure.READDIRPLUS, a, new READDIRPLUS3res());
    assertThat(r.status).as("READDIRPLUS status").isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.reply.eof).as("whole listing in one reply").isTrue();
    List<String> names = new ArrayList<>();
    for (entryplus3 e = r.resok.reply.entries; e != null; e = e.nextentry) {
      names.add(new String(e.name, StandardCharsets.UTF_8));
    }
    return names;
  }

  /** The mtime (seconds) of the object the last GETATTR or CREATE returned. */
  long lastMtimeSeconds() {
    return lastMtimeSeconds;
  }

  private <T extends XdrAble> T call(Procedure p, XdrAble args, T result) throws Exception {
    NfsReply reply = servers.call(new NfsCall(p.number(), ROOT, XdrCodec.encode(args)));
    assertThat(reply.outcome()).as("%s accepted", p).isEqualTo(NfsReply.Outcome.SUCCESS);
    return XdrCodec.decode(reply.result(), result);
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
