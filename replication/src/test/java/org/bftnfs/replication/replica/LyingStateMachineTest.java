package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.createhow3;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.diropargs3;
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
import org.junit.jupiter.api.Test;

/**
 * The fault-injection state machine (a Byzantine replica, paper §2.2): READ data comes back wrong,
 * everything else — other replies, the abstract state — is the honest machine's.
 */
class LyingStateMachineTest {

  private static final Credentials ROOT = Credentials.unix(0, 0);
  private static final byte[] DATA = "the right bytes".getBytes(StandardCharsets.US_ASCII);

  private final SpecConfig config = SpecConfig.defaults();
  private final StateMachine honest = StateMachine.reference(config);
  private final StateMachine liar = new LyingStateMachine(StateMachine.reference(config));
  private long clock = 1_000_000_000_000_000_000L;

  @Test
  void readDataIsInvertedButTheStateAndOtherRepliesAreTheHonestOnes() throws Exception {
    byte[] file = null;
    for (StateMachine m : new StateMachine[] {honest, liar}) {
      clock = 1_000_000_000_000_000_000L;
      NfsReply created = execute(m, Procedure.CREATE, create("f"));
      file = XdrCodec.decode(created.result(), new CREATE3res()).resok.obj.handle.data;
      execute(m, Procedure.WRITE, write(file));
    }
    assertThat(execute(liar, Procedure.GETATTR, getattr(file)).result())
        .isEqualTo(execute(honest, Procedure.GETATTR, getattr(file)).result());

    READ3res truth =
        XdrCodec.decode(execute(honest, Procedure.READ, read(file)).result(), new READ3res());
    READ3res lie =
        XdrCodec.decode(execute(liar, Procedure.READ, read(file)).result(), new READ3res());
    assertThat(truth.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(truth.resok.data).isEqualTo(DATA);
    assertThat(lie.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(lie.resok.data).hasSameSizeAs(DATA);
    for (int i = 0; i < DATA.length; i++) {
      assertThat(lie.resok.data[i]).isEqualTo((byte) ~DATA[i]);
    }
    for (int i = 0; i < honest.capacity(); i++) {
      assertThat(liar.getObj(i)).as("entry %d", i).isEqualTo(honest.getObj(i));
    }
  }

  private NfsReply execute(StateMachine m, Procedure p, XdrAble args) {
    clock += 1_000;
    return m.execute(
        new NfsCall(p.number(), ROOT, XdrCodec.encode(args)), AgreedValues.ofEpochNanos(clock));
  }

  private static nfs_fh3 fh(byte[] handle) {
    nfs_fh3 fh = new nfs_fh3();
    fh.data = handle;
    return fh;
  }

  private CREATE3args create(String name) {
    CREATE3args a = new CREATE3args();
    a.where = new diropargs3();
    a.where.dir = fh(config.handles().root());
    a.where.name = name.getBytes(StandardCharsets.US_ASCII);
    a.how = new createhow3();
    a.how.mode = createmode3.UNCHECKED;
    a.how.obj_attributes = new sattr3();
    a.how.obj_attributes.mode = new set_mode3();
    a.how.obj_attributes.mode.set_it = true;
    a.how.obj_attributes.mode.mode = 0644;
    a.how.obj_attributes.uid = new set_uid3();
    a.how.obj_attributes.gid = new set_gid3();
    a.how.obj_attributes.size = new set_size3();
    a.how.obj_attributes.atime = new set_atime();
    a.how.obj_attributes.atime.atime = new nfstime3();
    a.how.obj_attributes.mtime = new set_mtime();
    a.how.obj_attributes.mtime.mtime = new nfstime3();
    return a;
  }

  private static WRITE3args write(byte[] file) {
    WRITE3args a = new WRITE3args();
    a.file = fh(file);
    a.offset = 0;
    a.count = DATA.length;
    a.stable = stable_how.FILE_SYNC;
    a.data = DATA;
    return a;
  }

  private static GETATTR3args getattr(byte[] file) {
    GETATTR3args a = new GETATTR3args();
    a.object = fh(file);
    return a;
  }

  private static READ3args read(byte[] file) {
    READ3args a = new READ3args();
    a.file = fh(file);
    a.offset = 0;
    a.count = 4096;
    return a;
  }
}
