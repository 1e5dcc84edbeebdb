package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.SpecHarness.clientTimes;
import static org.bftnfs.spec.SpecHarness.group;
import static org.bftnfs.spec.SpecHarness.how;
import static org.bftnfs.spec.SpecHarness.mode;
import static org.bftnfs.spec.SpecHarness.owner;
import static org.bftnfs.spec.SpecHarness.sattr;
import static org.bftnfs.spec.SpecHarness.size;
import static org.bftnfs.spec.SpecHarness.time;
import static org.bftnfs.spec.SpecHarness.where;
import static org.bftnfs.spec.procedures.Facts.FSID;
import static org.bftnfs.spec.procedures.Facts.fileid;

import java.util.Arrays;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.procedures.Facts.Time;
import org.bftnfs.spec.procedures.Facts.Wcc;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.ftype3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.sattr3;
import org.junit.jupiter.api.Test;

/**
 * CREATE (RFC 1813 §3.3.8) of the reference implementation: UNCHECKED, GUARDED and EXCLUSIVE
 * creation, the initial attributes (owner, group incl. set-group-id directories, mode, times at the
 * agreed time), deterministic oid allocation (paper §3.1), and the common creation precedence
 * BADHANDLE, STALE; NOTDIR; NAMETOOLONG, INVAL; EXIST for "." and ".."; ACCES; EXIST; INVAL, PERM
 * (initial attributes); FBIG; NOSPC.
 */
class CreateTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int STAFF = 100;
  private static final int OTHERS = 200;
  private static final byte[] VERF_A = {1, 2, 3, 4, 5, 6, 7, 8};
  private static final byte[] VERF_B = {1, 2, 3, 4, 5, 6, 7, 9};

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private Attrs attrs(nfs_fh3 fh) {
    return Attrs.of(h.getattr(fh).resok.obj_attributes);
  }

  private int createStatus(nfs_fh3 dir, String name, int createmode, sattr3 s) {
    return h.create(where(dir, name), how(createmode, s)).status;
  }

  // ---- success -------------------------------------------------------------------------------

  @Test
  void guardedCreateGivesExactAttributesAndTouchesTheDirectory() {
    Attrs dirBefore = attrs(h.root());
    h.as(ALICE, STAFF, 300);
    Time now = Time.of(h.nextTime());
    CREATE3res r = h.create(h.root(), "f", 0640);

    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.obj.handle_follows).isTrue();
    nfs_fh3 f = r.resok.obj.handle;
    assertThat(Facts.index(f)).isEqualTo(1);
    assertThat(Facts.generation(f)).isEqualTo(1);
    Attrs expected =
        new Attrs(ftype3.NF3REG, 0640, 1, ALICE, STAFF, 0, 0, FSID, (1L << 32) | 1, now, now, now);
    assertThat(Attrs.of(r.resok.obj_attributes)).isEqualTo(expected);
    assertThat(attrs(f)).isEqualTo(expected);
    assertThat(Wcc.of(r.resok.dir_wcc.before)).isEqualTo(dirBefore.wcc());
    Attrs dirAfter = Attrs.of(r.resok.dir_wcc.after);
    assertThat(dirAfter.mtime()).isEqualTo(now);
    assertThat(dirAfter.ctime()).isEqualTo(now);
    assertThat(dirAfter.atime()).isEqualTo(dirBefore.atime());
    assertThat(dirAfter.nlink()).isEqualTo(2);
    assertThat(h.lookup(h.root(), "f").resok.object.data).isEqualTo(f.data);
  }

  @Test
  void defaultModeIs0644AndRequestedModesAreMasked() {
    assertThat(h.create(where(h.root(), "plain"), how(createmode3.GUARDED, sattr())).status)
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(h.lookup(h.root(), "plain").resok.object).mode()).isEqualTo(0644);
    nfs_fh3 ex = h.createExclusive(h.root(), "ex", VERF_A).resok.obj.handle;
    assertThat(attrs(ex).mode()).isEqualTo(0644);
    nfs_fh3 masked = h.newFile(h.root(), "masked", 0177_4751);
    assertThat(attrs(masked).mode()).isEqualTo(04751);
    nfs_fh3 unchecked = h.createUnchecked(h.root(), "u", mode(0600)).resok.obj.handle;
    assertThat(attrs(unchecked).mode()).isEqualTo(0600);
  }

  @Test
  void initialSizeAndTimesAreApplied() {
    sattr3 s = clientTimes(time(5, 6), time(7, 8));
    s.size.set_it = true;
    s.size.size = 5000;
    Time now = Time.of(h.nextTime());
    CREATE3res r = h.create(where(h.root(), "f"), how(createmode3.GUARDED, s));
    Attrs a = Attrs.of(r.resok.obj_attributes);
    assertThat(a.size()).isEqualTo(5000);
    assertThat(a.used()).isEqualTo(5000);
    assertThat(a.atime()).isEqualTo(new Time(5, 6));
    assertThat(a.mtime()).isEqualTo(new Time(7, 8));
    assertThat(a.ctime()).isEqualTo(now);
    assertThat(h.read(r.resok.obj.handle, 0, 10_000).resok.data).hasSize(5000).containsOnly(0);
  }

  @Test
  void initialOwnerAndGroupFollowTheChownRules() {
    assertThat(createStatus(h.root(), "r", createmode3.GUARDED, owner(BOB)))
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(h.lookup(h.root(), "r").resok.object).uid()).isEqualTo(BOB);

    h.as(ALICE, STAFF, 300);
    Snapshot s = Facts.snapshot(h);
    assertThat(createStatus(h.root(), "a", createmode3.GUARDED, owner(BOB)))
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(createStatus(h.root(), "b", createmode3.GUARDED, group(OTHERS)))
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(createStatus(h.root(), "c", createmode3.UNCHECKED, group(OTHERS)))
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.assertUnchanged();
    assertThat(createStatus(h.root(), "d", createmode3.GUARDED, owner(ALICE)))
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(createStatus(h.root(), "e", createmode3.GUARDED, group(300)))
        .isEqualTo(nfsstat3.NFS3_OK);
    Attrs e = attrs(h.lookup(h.root(), "e").resok.object);
    assertThat(e.uid()).isEqualTo(ALICE);
    assertThat(e.gid()).isEqualTo(300);
  }

  @Test
  void aSetGroupIdDirectoryGivesItsGroupButFilesDoNotInheritTheBit() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    h.setattr(d, group(OTHERS));
    h.setattr(d, mode(02777));
    h.as(ALICE, STAFF);
    nfs_fh3 f = h.newFile(d, "f", 0644);
    Attrs a = attrs(f);
    assertThat(a.gid()).isEqualTo(OTHERS);
    assertThat(a.mode()).isEqualTo(0644);
  }

  // ---- existing names ------------------------------------------------------------------------

  @Test
  void guardedOnAnExistingNameIsExist() {
    h.newFile(h.root(), "f", 0644);
    h.newDir(h.root(), "d", 0755);
    Snapshot s = Facts.snapshot(h);
    CREATE3res r = h.create(h.root(), "f", 0600);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(r.resfail.dir_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(r.resfail.dir_wcc.after)).isEqualTo(attrs(h.root()));
    assertThat(h.create(h.root(), "d", 0600).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    s.assertUnchanged();
  }

  @Test
  void uncheckedOnAnExistingFileReturnsItUnchanged() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.write(f, 0, bytes("keep"));
    Snapshot s = Facts.snapshot(h);
    sattr3 ignored = mode(0600);
    ignored.uid.set_it = true;
    ignored.uid.uid = BOB;
    CREATE3res r = h.createUnchecked(h.root(), "f", ignored);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.obj.handle.data).isEqualTo(f.data);
    assertThat(Attrs.of(r.resok.obj_attributes)).isEqualTo(attrs(f));
    assertThat(Wcc.of(r.resok.dir_wcc.before)).isEqualTo(Attrs.of(r.resok.dir_wcc.after).wcc());
    s.assertUnchanged();
  }

  @Test
  void uncheckedWithASizeTruncatesTheExistingFile() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.write(f, 0, bytes("0123456789"));
    Attrs dir = attrs(h.root());
    Time now = Time.of(h.nextTime());
    CREATE3res r = h.createUnchecked(h.root(), "f", size(3));
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    Attrs a = Attrs.of(r.resok.obj_attributes);
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.mtime()).isEqualTo(now);
    assertThat(a.ctime()).isEqualTo(now);
    assertThat(a.mode()).isEqualTo(0644);
    assertThat(Attrs.of(r.resok.dir_wcc.after)).isEqualTo(dir);
    assertThat(h.read(f, 0, 100).resok.data).isEqualTo(bytes("012"));
  }

  @Test
  void uncheckedTruncationFollowsTheSetattrRules() {
    h.as(ALICE, STAFF);
    nfs_fh3 f = h.newFile(h.root(), "f", 0444);
    h.as(0, 0);
    h.write(f, 0, new byte[40]);
    h.as(ALICE, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.createUnchecked(h.root(), "f", size(0)).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();

    SpecHarness small = new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(50, 100));
    small.newFile(small.root(), "f", 0644);
    small.newFile(small.root(), "g", 0644);
    small.createUnchecked(small.root(), "g", size(45));
    assertThat(small.createUnchecked(small.root(), "f", size(101)).status)
        .isEqualTo(nfsstat3.NFS3ERR_FBIG);
    assertThat(small.createUnchecked(small.root(), "f", size(6)).status)
        .isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    assertThat(small.createUnchecked(small.root(), "f", size(5)).status)
        .isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void uncheckedOnAnExistingNonFileIsExist() {
    h.newDir(h.root(), "d", 0755);
    h.symlink(h.root(), "l", "t");
    Snapshot s = Facts.snapshot(h);
    assertThat(h.createUnchecked(h.root(), "d", sattr()).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.createUnchecked(h.root(), "l", sattr()).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.createExclusive(h.root(), "d", VERF_A).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    s.assertUnchanged();
  }

  // ---- EXCLUSIVE -----------------------------------------------------------------------------

  @Test
  void exclusiveRetransmissionWithTheSameVerifierReturnsTheSameFile() {
    CREATE3res first = h.createExclusive(h.root(), "f", VERF_A);
    assertThat(first.status).isEqualTo(nfsstat3.NFS3_OK);
    nfs_fh3 f = first.resok.obj.handle;
    Snapshot s = Facts.snapshot(h);
    CREATE3res again = h.createExclusive(h.root(), "f", VERF_A);
    assertThat(again.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(again.resok.obj.handle.data).isEqualTo(f.data);
    assertThat(Attrs.of(again.resok.obj_attributes))
        .isEqualTo(Attrs.of(first.resok.obj_attributes));
    s.assertUnchanged();

    assertThat(h.createExclusive(h.root(), "f", VERF_B).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    s.assertUnchanged();
  }

  @Test
  void theVerifierIsDroppedByTheFirstSetattr() {
    nfs_fh3 f = h.createExclusive(h.root(), "f", VERF_A).resok.obj.handle;
    h.setattr(f, mode(0600));
    Snapshot s = Facts.snapshot(h);
    assertThat(h.createExclusive(h.root(), "f", VERF_A).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    s.assertUnchanged();
  }

  /** A SETATTR that sets nothing changes nothing, so the verifier survives it (FileObject). */
  @Test
  void aSetattrThatSetsNothingKeepsTheVerifier() {
    nfs_fh3 f = h.createExclusive(h.root(), "f", VERF_A).resok.obj.handle;
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, sattr()).status).isEqualTo(nfsstat3.NFS3_OK);
    s.assertUnchanged();
    CREATE3res again = h.createExclusive(h.root(), "f", VERF_A);
    assertThat(again.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(again.resok.obj.handle.data).isEqualTo(f.data);
  }

  @Test
  void exclusiveOnAFileMadeOtherwiseIsExist() {
    h.newFile(h.root(), "f", 0644);
    assertThat(h.createExclusive(h.root(), "f", new byte[8]).status)
        .isEqualTo(nfsstat3.NFS3ERR_EXIST);
  }

  @Test
  void theVerifierIsPartOfTheAbstractState() {
    SpecHarness other =
        new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));
    h.createExclusive(h.root(), "f", VERF_A);
    other.createExclusive(other.root(), "f", VERF_B);
    assertThat(Arrays.equals(Facts.canonical(h.state)[1], Facts.canonical(other.state)[1]))
        .isFalse();
  }

  // ---- errors and their precedence -----------------------------------------------------------

  @Test
  void dotAndDotDotAlwaysExistEvenWhereTheCallerMayNotWrite() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0555);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.create(d, ".", 0644).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.create(d, "..", 0644).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.createExclusive(d, "..", VERF_A).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    s.assertUnchanged();
  }

  @Test
  void anExistingNameInADirectoryTheCallerMayNotWriteIsAcces() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newFile(d, "f", 0666);
    h.createExclusive(d, "x", VERF_A);
    h.as(BOB, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.create(d, "f", 0644).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.createUnchecked(d, "f", sattr()).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.createExclusive(d, "x", VERF_A).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.create(d, "new", 0644).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
  }

  @Test
  void creationNeedsBothWriteAndSearchPermission() {
    h.as(ALICE, STAFF);
    nfs_fh3 writeOnly = h.newDir(h.root(), "w", 0200);
    nfs_fh3 writeSearch = h.newDir(h.root(), "wx", 0300);
    assertThat(h.create(writeOnly, "f", 0644).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.create(writeSearch, "f", 0644).status).isEqualTo(nfsstat3.NFS3_OK);
    h.as(0, 0);
    nfs_fh3 none = h.newDir(h.root(), "none", 0);
    assertThat(h.create(none, "f", 0644).status).as("root").isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void nameAndTypeErrors() {
    nfs_fh3 f = h.newFile(h.root(), "file", 0644);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.create(f, "x", 0644).status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.create(f, "x".repeat(300), 0644).status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.create(h.root(), "x".repeat(256), 0644).status)
        .isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.create(h.root(), "", 0644).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.create(h.root(), "a/b", 0644).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.create(h.root(), "a\0", 0644).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
    assertThat(h.create(h.root(), "x".repeat(255), 0644).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void nameErrorsWinOverAcces() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0);
    assertThat(h.create(d, "x".repeat(256), 0644).status).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.create(d, "a/b", 0644).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }

  @Test
  void invalTimeWinsOverPermAndPermWinsOverFbigAndNospc() {
    SpecHarness tiny =
        new SpecHarness(
            SpecConfig.defaults().withCapacity(2).withRoot(0777, 0, 0).withLimits(50, 100));
    tiny.newFile(tiny.root(), "only", 0644);
    tiny.as(ALICE, STAFF);
    sattr3 s = clientTimes(time(1, 1_000_000_000), time(1, 0));
    s.uid.set_it = true;
    s.uid.uid = BOB;
    s.size.set_it = true;
    s.size.size = 1000;
    Snapshot snap = Facts.snapshot(tiny);
    assertThat(tiny.create(where(tiny.root(), "f"), how(createmode3.GUARDED, s)).status)
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.atime.atime = time(1, 0);
    assertThat(tiny.create(where(tiny.root(), "f"), how(createmode3.GUARDED, s)).status)
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.uid.uid = ALICE;
    assertThat(tiny.create(where(tiny.root(), "f"), how(createmode3.GUARDED, s)).status)
        .as("FBIG before NOSPC for the missing entry")
        .isEqualTo(nfsstat3.NFS3ERR_FBIG);
    s.size.size = 10;
    assertThat(tiny.create(where(tiny.root(), "f"), how(createmode3.GUARDED, s)).status)
        .isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    assertThat(tiny.create(where(tiny.root(), "only"), how(createmode3.GUARDED, s)).status)
        .as("EXIST before NOSPC")
        .isEqualTo(nfsstat3.NFS3ERR_EXIST);
    snap.assertUnchanged();
  }

  @Test
  void noFreeEntryIsNospc() {
    SpecHarness tiny = new SpecHarness(SpecConfig.defaults().withCapacity(3));
    tiny.newFile(tiny.root(), "a", 0644);
    tiny.newDir(tiny.root(), "b", 0755);
    Snapshot s = Facts.snapshot(tiny);
    CREATE3res r = tiny.create(tiny.root(), "c", 0644);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    assertThat(tiny.createExclusive(tiny.root(), "c", VERF_A).status)
        .isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    s.assertUnchanged();
    tiny.remove(tiny.root(), "a");
    assertThat(tiny.create(tiny.root(), "c", 0644).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void anInitialSizeBeyondTheFreeBytesIsNospc() {
    SpecHarness small = new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(50, 100));
    nfs_fh3 a = small.newFile(small.root(), "a", 0644);
    small.write(a, 0, new byte[30]);
    Snapshot s = Facts.snapshot(small);
    assertThat(small.createUnchecked(small.root(), "b", size(21)).status)
        .isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    s.assertUnchanged();
    assertThat(small.createUnchecked(small.root(), "b", size(20)).status)
        .isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void createAnnouncesTheNewEntryAndTheDirectory() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    Snapshot s = Facts.snapshot(h);
    nfs_fh3 f = h.newFile(d, "f", 0644);
    assertThat(s.changed()).containsExactlyInAnyOrder(Facts.index(d), Facts.index(f));
    s.assertChangesAnnounced();
    assertThat(fileid(f)).isEqualTo(attrs(f).fileid());
  }
}
