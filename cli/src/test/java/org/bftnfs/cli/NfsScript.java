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
import org.bftnfs.testkit.nfs.NfsArgs;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.GETATTR3res;
import org.bftnfs.xdr.nfs.MKDIR3res;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.WRITE3res;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.nfsstat3;
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
    GETATTR3res r = call(Procedure.GETATTR, NfsArgs.getattr(object), new GETATTR3res());
    assertThat(r.status).as("GETATTR status").isEqualTo(nfsstat3.NFS3_OK);
    lastMtimeSeconds = Integer.toUnsignedLong(r.resok.obj_attributes.mtime.seconds);
    return r.resok.obj_attributes.size;
  }

  /** CREATE (UNCHECKED) of {@code name} in {@code dir}; returns its handle. */
  byte[] create(byte[] dir, String name, int mode) throws Exception {
    CREATE3res r = call(Procedure.CREATE, NfsArgs.create(dir, name, mode, false), new CREATE3res());
    assertThat(r.status).as("CREATE %s status", name).isEqualTo(nfsstat3.NFS3_OK);
    lastMtimeSeconds = Integer.toUnsignedLong(r.resok.obj_attributes.attributes.mtime.seconds);
    return r.resok.obj.handle.data;
  }

  /** MKDIR of {@code name} in {@code dir}; returns its handle. */
  byte[] mkdir(byte[] dir, String name, int mode) throws Exception {
    MKDIR3res r =
        call(Procedure.MKDIR, NfsArgs.mkdir(dir, name, NfsArgs.mode(mode)), new MKDIR3res());
    assertThat(r.status).as("MKDIR %s status", name).isEqualTo(nfsstat3.NFS3_OK);
    return r.resok.obj.handle.data;
  }

  /** WRITE (FILE_SYNC) of all of {@code data} at {@code offset}. */
  void write(byte[] file, long offset, byte[] data) throws Exception {
    WRITE3res r = call(Procedure.WRITE, NfsArgs.write(file, offset, data), new WRITE3res());
    assertThat(r.status).as("WRITE status").isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.count).isEqualTo(data.length);
  }

  /** READ of up to {@code count} bytes at {@code offset}; returns the data. */
  byte[] read(byte[] file, long offset, int count) throws Exception {
    READ3res r = call(Procedure.READ, NfsArgs.read(file, offset, count), new READ3res());
    assertThat(r.status).as("READ status").isEqualTo(nfsstat3.NFS3_OK);
    return r.resok.data;
  }

  /** READDIRPLUS from the start, in one reply; returns the names in the order listed. */
  List<String> readdirplus(byte[] dir) throws Exception {
    READDIRPLUS3res r =
        call(Procedure.READDIRPLUS, NfsArgs.readdirplus(dir, 8192, 65_536), new READDIRPLUS3res());
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
}
