package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.SpecHarness.how;
import static org.bftnfs.spec.SpecHarness.sattr;
import static org.bftnfs.spec.SpecHarness.where;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.NfsReply.Outcome;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.MKDIR3args;
import org.bftnfs.xdr.nfs.MKNOD3args;
import org.bftnfs.xdr.nfs.SETATTR3args;
import org.bftnfs.xdr.nfs.SYMLINK3args;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.createhow3;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.ftype3;
import org.bftnfs.xdr.nfs.mknoddata3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.sattrguard3;
import org.bftnfs.xdr.nfs.stable_how;
import org.bftnfs.xdr.nfs.symlinkdata3;
import org.bftnfs.xdr.nfs.time_how;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The RPC-level outcomes of the reference implementation: NULL (RFC 1813 §3.3.0) with empty
 * arguments, PROC_UNAVAIL for procedure numbers NFSv3 does not define (RFC 5531 §9), and
 * GARBAGE_ARGS for argument bytes that are not exactly one XDR value of the procedure's argument
 * type (RFC 4506: truncated, trailing bytes, enum values outside their definition — stable_how,
 * createmode3, time_how, ftype3, bool — non-zero padding). None of these changes the abstract
 * state.
 */
class NullAndGarbageTest {

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private void assertGarbage(Procedure p, byte[] args) {
    Snapshot s = Facts.snapshot(h);
    NfsReply r = h.callRaw(p.number(), args);
    assertThat(r.outcome()).as("%s with %d bytes", p, args.length).isEqualTo(Outcome.GARBAGE_ARGS);
    assertThat(r.result()).isEmpty();
    s.assertUnchanged();
  }

  private void assertGarbage(Procedure p, XdrAble args) {
    assertGarbage(p, XdrCodec.encode(args));
  }

  // ---- NULL and unknown procedures -----------------------------------------------------------

  @Test
  void nullWithEmptyArgumentsSucceedsWithAnEmptyResult() {
    Snapshot s = Facts.snapshot(h);
    NfsReply r = h.callRaw(0, new byte[0]);
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(r.result()).isEmpty();
    s.assertUnchanged();
  }

  @Test
  void nullWithArgumentsIsGarbage() {
    assertGarbage(Procedure.NULL, new byte[4]);
    assertGarbage(Procedure.NULL, new byte[1]);
  }

  @Test
  void undefinedProcedureNumbersAreProcUnavail() {
    Snapshot s = Facts.snapshot(h);
    for (int p : new int[] {22, 23, 100, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
      NfsReply r = h.callRaw(p, new byte[0]);
      assertThat(r.outcome()).as("procedure %d", p).isEqualTo(Outcome.PROC_UNAVAIL);
      assertThat(r.result()).isEmpty();
      NfsReply withArgs =
          h.callRaw(p, XdrCodec.encode(Calls.args(Procedure.GETATTR, h.root(), h.root())));
      assertThat(withArgs.outcome()).isEqualTo(Outcome.PROC_UNAVAIL);
    }
    s.assertUnchanged();
  }

  // ---- malformed encodings, every procedure --------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Procedure.class, names = "NULL", mode = EnumSource.Mode.EXCLUDE)
  void truncatedArgumentsAreGarbage(Procedure p) {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    byte[] args = XdrCodec.encode(Calls.args(p, d, d));
    for (int cut : new int[] {1, 3, 4, 8, args.length}) {
      assertGarbage(p, Arrays.copyOf(args, args.length - cut));
    }
    assertThat(h.callRaw(p.number(), args).outcome()).as("uncut").isEqualTo(Outcome.SUCCESS);
  }

  @ParameterizedTest
  @EnumSource(value = Procedure.class, names = "NULL", mode = EnumSource.Mode.EXCLUDE)
  void trailingBytesAreGarbage(Procedure p) {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    byte[] args = XdrCodec.encode(Calls.args(p, d, d));
    assertGarbage(p, Arrays.copyOf(args, args.length + 4));
    assertGarbage(p, Arrays.copyOf(args, args.length + 1));
  }

  // ---- enum values outside their definition --------------------------------------------------

  @Test
  void undefinedStableHowIsGarbage() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    for (int stable : new int[] {3, 7, -1}) {
      WRITE3args a = (WRITE3args) Calls.args(Procedure.WRITE, f, f);
      a.stable = stable;
      assertGarbage(Procedure.WRITE, a);
    }
    assertThat(h.write(f, 0, 1, stable_how.DATA_SYNC, bytes("x")).status)
        .isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void undefinedCreateModeIsGarbage() {
    for (int mode : new int[] {3, 9, -1}) {
      CREATE3args a = new CREATE3args();
      a.where = where(h.root(), "new");
      a.how = new createhow3();
      a.how.mode = mode;
      assertGarbage(Procedure.CREATE, a);
    }
    assertThat(h.lookup(h.root(), "new").status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
  }

  private static sattr3 badTimeHow(int how, boolean onAtime) {
    sattr3 s = sattr();
    if (onAtime) {
      s.atime.set_it = how;
    } else {
      s.mtime.set_it = how;
    }
    return s;
  }

  @Test
  void undefinedTimeHowIsGarbageInEverySattr() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    for (int how : new int[] {3, 5, -1}) {
      for (boolean onAtime : new boolean[] {true, false}) {
        SETATTR3args set = new SETATTR3args();
        set.object = f;
        set.new_attributes = badTimeHow(how, onAtime);
        set.guard = new sattrguard3();
        assertGarbage(Procedure.SETATTR, set);

        CREATE3args create = new CREATE3args();
        create.where = where(h.root(), "new");
        create.how = how(createmode3.UNCHECKED, badTimeHow(how, onAtime));
        assertGarbage(Procedure.CREATE, create);
        create.how = how(createmode3.GUARDED, badTimeHow(how, onAtime));
        assertGarbage(Procedure.CREATE, create);

        MKDIR3args mkdir = new MKDIR3args();
        mkdir.where = where(h.root(), "new");
        mkdir.attributes = badTimeHow(how, onAtime);
        assertGarbage(Procedure.MKDIR, mkdir);

        SYMLINK3args symlink = new SYMLINK3args();
        symlink.where = where(h.root(), "new");
        symlink.symlink = new symlinkdata3();
        symlink.symlink.symlink_attributes = badTimeHow(how, onAtime);
        symlink.symlink.symlink_data = bytes("t");
        assertGarbage(Procedure.SYMLINK, symlink);

        MKNOD3args mknod = new MKNOD3args();
        mknod.where = where(h.root(), "new");
        mknod.what = new mknoddata3();
        mknod.what.type = ftype3.NF3FIFO;
        mknod.what.pipe_attributes = badTimeHow(how, onAtime);
        assertGarbage(Procedure.MKNOD, mknod);
      }
    }
  }

  @Test
  void definedTimeHowValuesAreAccepted() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    for (int how = time_how.DONT_CHANGE; how <= time_how.SET_TO_SERVER_TIME; how++) {
      assertThat(h.setattr(f, badTimeHow(how, true)).status).isEqualTo(nfsstat3.NFS3_OK);
    }
  }

  @Test
  void undefinedFileTypeInMknodIsGarbage() {
    for (int type : new int[] {0, 8, -1}) {
      MKNOD3args a = new MKNOD3args();
      a.where = where(h.root(), "n");
      a.what = new mknoddata3();
      a.what.type = type;
      assertGarbage(Procedure.MKNOD, a);
    }
  }

  @Test
  void booleansOtherThanZeroAndOneAreGarbage() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    SETATTR3args a = new SETATTR3args();
    a.object = f;
    a.new_attributes = SpecHarness.mode(0600);
    a.guard = new sattrguard3();
    byte[] args = XdrCodec.encode(a);
    int modeFlag = 4 + f.data.length; // after the handle's length word and bytes
    assertThat(ByteBuffer.wrap(args).getInt(modeFlag)).isEqualTo(1);
    ByteBuffer.wrap(args).putInt(modeFlag, 2);
    assertGarbage(Procedure.SETATTR, args);
    int guardFlag = args.length - 4;
    byte[] guard = XdrCodec.encode(a);
    ByteBuffer.wrap(guard).putInt(guardFlag, -1);
    assertGarbage(Procedure.SETATTR, guard);
    assertThat(h.getattr(f).resok.obj_attributes.mode).isEqualTo(0644);
  }

  @Test
  void nonZeroPaddingIsGarbage() {
    byte[] args = XdrCodec.encode(Calls.args(Procedure.LOOKUP, h.root(), h.root()));
    // handle (4 + 16), then name "x": length word, 'x', three padding bytes
    assertThat(args).hasSize(4 + 16 + 4 + 4);
    assertThat(h.callRaw(Procedure.LOOKUP.number(), args).outcome()).isEqualTo(Outcome.SUCCESS);
    args[args.length - 1] = 1;
    assertGarbage(Procedure.LOOKUP, args);
  }

  @Test
  void anOpaqueLongerThanTheMessageIsGarbage() {
    byte[] args = XdrCodec.encode(Calls.args(Procedure.LOOKUP, h.root(), h.root()));
    ByteBuffer.wrap(args).putInt(20, Integer.MAX_VALUE);
    assertGarbage(Procedure.LOOKUP, args);
    ByteBuffer.wrap(args).putInt(0, -4);
    assertGarbage(Procedure.LOOKUP, args);
  }

  @Test
  void garbageNeverChangesTheStateEvenForAnOtherwiseValidCreation() {
    CREATE3args a = (CREATE3args) Calls.args(Procedure.CREATE, h.root(), h.root());
    byte[] args = XdrCodec.encode(a);
    assertGarbage(Procedure.CREATE, Arrays.copyOf(args, args.length + 4));
    assertThat(h.lookup(h.root(), "x").status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(h.callRaw(Procedure.CREATE.number(), args).outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(h.lookup(h.root(), "x").status).isEqualTo(nfsstat3.NFS3_OK);
  }
}
