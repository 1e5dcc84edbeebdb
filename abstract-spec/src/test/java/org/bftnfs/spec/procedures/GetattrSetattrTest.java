package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.SpecHarness.clientTimes;
import static org.bftnfs.spec.SpecHarness.group;
import static org.bftnfs.spec.SpecHarness.mode;
import static org.bftnfs.spec.SpecHarness.owner;
import static org.bftnfs.spec.SpecHarness.sattr;
import static org.bftnfs.spec.SpecHarness.serverTimes;
import static org.bftnfs.spec.SpecHarness.size;
import static org.bftnfs.spec.SpecHarness.time;
import static org.bftnfs.spec.procedures.Facts.FSID;
import static org.bftnfs.spec.procedures.Facts.fileid;

import java.util.List;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.procedures.Facts.Time;
import org.bftnfs.spec.procedures.Facts.Wcc;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.SETATTR3res;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.ftype3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.time_how;
import org.junit.jupiter.api.Test;

/**
 * GETATTR (RFC 1813 §3.3.1) and SETATTR (RFC 1813 §3.3.2, sattr3 of §2.5) of the reference
 * implementation: the abstract attributes of paper §3.1 (fileid from the oid, times only from
 * agreed values or clients), SETATTR's error precedence NOT_SYNC, INVAL, PERM/ACCES, ACCES (size),
 * FBIG, NOSPC, and its effects on mode, owner, group, size and times.
 */
class GetattrSetattrTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int STAFF = 100;
  private static final int OTHERS = 200;
  private static final Time ZERO = new Time(0, 0);

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private nfs_fh3 aliceFile(int mode) {
    h.as(ALICE, STAFF);
    nfs_fh3 f = h.newFile(h.root(), "f", mode);
    h.as(0, 0);
    return f;
  }

  private Attrs attrs(nfs_fh3 fh) {
    return Attrs.of(h.getattr(fh).resok.obj_attributes);
  }

  private static sattr3 withMode(sattr3 s, int mode) {
    s.mode.set_it = true;
    s.mode.mode = mode;
    return s;
  }

  // ---- GETATTR -------------------------------------------------------------------------------

  @Test
  void rootOfTheInitialStateIsDirectoryZeroGenerationOne() {
    SpecHarness fresh = new SpecHarness();
    assertThat(Attrs.of(fresh.getattr(fresh.root()).resok.obj_attributes))
        .isEqualTo(
            new Attrs(ftype3.NF3DIR, 0755, 2, 0, 0, 4096, 0, FSID, 1L << 32, ZERO, ZERO, ZERO));
  }

  @Test
  void attributesOfEachObjectTypeAreExact() {
    h.as(ALICE, STAFF, 300);
    Time t1 = Time.of(h.nextTime());
    nfs_fh3 f = h.newFile(h.root(), "f", 0640);
    Time t2 = Time.of(h.nextTime());
    nfs_fh3 d = h.newDir(h.root(), "d", 0750);
    Time t3 = Time.of(h.nextTime());
    nfs_fh3 l = h.symlink(h.root(), "l", "some/where").resok.obj.handle;
    Time t4 = Time.of(h.nextTime());
    h.write(f, 0, bytes("hello"));

    assertThat(fileid(f)).isEqualTo((1L << 32) | 1);
    assertThat(fileid(d)).isEqualTo((1L << 32) | 2);
    assertThat(fileid(l)).isEqualTo((1L << 32) | 3);
    assertThat(attrs(f))
        .isEqualTo(
            new Attrs(ftype3.NF3REG, 0640, 1, ALICE, STAFF, 5, 5, FSID, fileid(f), t1, t4, t4));
    assertThat(attrs(d))
        .isEqualTo(
            new Attrs(ftype3.NF3DIR, 0750, 2, ALICE, STAFF, 4096, 0, FSID, fileid(d), t2, t2, t2));
    assertThat(attrs(l))
        .isEqualTo(
            new Attrs(ftype3.NF3LNK, 0777, 1, ALICE, STAFF, 10, 0, FSID, fileid(l), t3, t3, t3));
    assertThat(attrs(h.root()).nlink()).isEqualTo(3);
  }

  @Test
  void timesCarryTheAgreedNanoseconds() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    CREATE3args a = new CREATE3args();
    a.where = SpecHarness.where(d, "f");
    a.how = SpecHarness.how(createmode3.GUARDED, mode(0644));
    NfsReply reply =
        h.spec.execute(
            h.state,
            new NfsCall(Procedure.CREATE.number(), Credentials.unix(0, 0), XdrCodec.encode(a)),
            new AgreedValues(2_000_000_000, 123_456_789));
    assertThat(reply.outcome()).isEqualTo(NfsReply.Outcome.SUCCESS);
    Time agreed = new Time(2_000_000_000, 123_456_789);
    Attrs f = attrs(h.lookup(d, "f").resok.object);
    assertThat(List.of(f.atime(), f.mtime(), f.ctime())).containsOnly(agreed);
    assertThat(attrs(d).mtime()).isEqualTo(agreed);
    assertThat(attrs(d).ctime()).isEqualTo(agreed);
  }

  @Test
  void getattrNeedsNoPermissionAndChangesNothing() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0700);
    nfs_fh3 f = h.newFile(d, "f", 0);
    Snapshot s = Facts.snapshot(h);
    h.as(ALICE, STAFF);
    assertThat(h.getattr(f).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(f).mode()).isZero();
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  // ---- SETATTR: effects ----------------------------------------------------------------------

  @Test
  void modeIsMaskedTo07777AndOnlyCtimeMoves() {
    nfs_fh3 f = aliceFile(0644);
    Attrs before = attrs(f);
    h.as(ALICE, STAFF);
    Time now = Time.of(h.nextTime());
    SETATTR3res r = h.setattr(f, mode(0177755));

    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Wcc.of(r.resok.obj_wcc.before)).isEqualTo(before.wcc());
    Attrs after = Attrs.of(r.resok.obj_wcc.after);
    assertThat(after)
        .isEqualTo(
            new Attrs(
                ftype3.NF3REG,
                07755,
                1,
                ALICE,
                STAFF,
                0,
                0,
                FSID,
                fileid(f),
                before.atime(),
                before.mtime(),
                now));
    assertThat(attrs(f)).isEqualTo(after);
  }

  @Test
  void rootChangesOwnerAndGroup() {
    nfs_fh3 f = aliceFile(0644);
    sattr3 s = owner(BOB);
    s.gid.set_it = true;
    s.gid.gid = OTHERS;
    Time now = Time.of(h.nextTime());
    assertThat(h.setattr(f, s).status).isEqualTo(nfsstat3.NFS3_OK);
    Attrs a = attrs(f);
    assertThat(a.uid()).isEqualTo(BOB);
    assertThat(a.gid()).isEqualTo(OTHERS);
    assertThat(a.ctime()).isEqualTo(now);
  }

  @Test
  void ownerMayGiveTheFileToASupplementaryGroupButNotToAnotherOne() {
    nfs_fh3 f = aliceFile(0644);
    h.as(ALICE, STAFF, 300, 400);
    assertThat(h.setattr(f, group(400)).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(f).gid()).isEqualTo(400);

    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, group(OTHERS)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.assertUnchanged();
  }

  @Test
  void aGroupMemberWhoIsNotTheOwnerMayNotChangeTheGroup() {
    nfs_fh3 f = aliceFile(0666);
    h.as(BOB, STAFF, OTHERS);
    assertThat(h.setattr(f, group(OTHERS)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(attrs(f).gid()).isEqualTo(STAFF);
  }

  @Test
  void onlyRootGivesAFileAwayButTheOwnerMayRestateItself() {
    nfs_fh3 f = aliceFile(0644);
    h.as(ALICE, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, owner(BOB)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.assertUnchanged();

    Time now = Time.of(h.nextTime());
    SETATTR3res same = h.setattr(f, owner(ALICE));
    assertThat(same.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Attrs.of(same.resok.obj_wcc.after).ctime()).isEqualTo(now);
    assertThat(Attrs.of(same.resok.obj_wcc.after).uid()).isEqualTo(ALICE);
  }

  /** Restating the current owner or group is still a chown: strangers get PERM (as POSIX). */
  @Test
  void aStrangerMayNotEvenRestateTheOwnerOrGroup() {
    nfs_fh3 f = aliceFile(0666);
    h.as(BOB, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, owner(ALICE)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(h.setattr(f, group(STAFF)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.assertUnchanged();
  }

  @Test
  void onlyTheOwnerOrRootChangesTheMode() {
    nfs_fh3 f = aliceFile(0666);
    h.as(BOB, STAFF);
    Snapshot s = Facts.snapshot(h);
    SETATTR3res r = h.setattr(f, mode(0777));
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(r.resfail.obj_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(r.resfail.obj_wcc.after)).isEqualTo(attrs(f));
    s.assertUnchanged();

    h.as(0, 0);
    assertThat(h.setattr(f, mode(0600)).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(f).mode()).isEqualTo(0600);
  }

  @Test
  void ownerSetsClientTimesExactly() {
    nfs_fh3 f = aliceFile(0444);
    h.as(ALICE, STAFF);
    Time now = Time.of(h.nextTime());
    assertThat(h.setattr(f, clientTimes(time(12, 34), time(56, 999_999_999))).status)
        .isEqualTo(nfsstat3.NFS3_OK);
    Attrs a = attrs(f);
    assertThat(a.atime()).isEqualTo(new Time(12, 34));
    assertThat(a.mtime()).isEqualTo(new Time(56, 999_999_999));
    assertThat(a.ctime()).isEqualTo(now);
  }

  @Test
  void clientTimesNeedOwnershipEvenWithWritePermission() {
    nfs_fh3 f = aliceFile(0666);
    h.as(BOB, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, clientTimes(time(1, 0), time(1, 0))).status)
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.assertUnchanged();
  }

  @Test
  void serverTimesNeedOwnershipOrWritePermission() {
    nfs_fh3 f = aliceFile(0664);
    h.as(BOB, STAFF);
    Time now = Time.of(h.nextTime());
    assertThat(h.setattr(f, serverTimes()).status).isEqualTo(nfsstat3.NFS3_OK);
    Attrs a = attrs(f);
    assertThat(a.atime()).isEqualTo(now);
    assertThat(a.mtime()).isEqualTo(now);
    assertThat(a.ctime()).isEqualTo(now);

    h.as(2000, OTHERS);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, serverTimes()).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
  }

  @Test
  void settingOnlyAtimeMovesCtimeButNotMtime() {
    nfs_fh3 f = aliceFile(0644);
    Attrs before = attrs(f);
    sattr3 s = sattr();
    s.atime.set_it = time_how.SET_TO_SERVER_TIME;
    Time now = Time.of(h.nextTime());
    h.setattr(f, s);
    Attrs a = attrs(f);
    assertThat(a.atime()).isEqualTo(now);
    assertThat(a.mtime()).isEqualTo(before.mtime());
    assertThat(a.ctime()).isEqualTo(now);
  }

  @Test
  void setattrWithNothingSetChangesNothing() {
    nfs_fh3 f = aliceFile(0644);
    Snapshot s = Facts.snapshot(h);
    SETATTR3res r = h.setattr(f, sattr());
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Wcc.of(r.resok.obj_wcc.before)).isEqualTo(Attrs.of(r.resok.obj_wcc.after).wcc());
    s.assertUnchanged();
  }

  @Test
  void truncateDropsBytesAndExtendAddsZeros() {
    nfs_fh3 f = aliceFile(0644);
    h.write(f, 0, bytes("0123456789"));
    Attrs before = attrs(f);
    Time now = Time.of(h.nextTime());
    SETATTR3res r = h.setattr(f, size(4));
    assertThat(Wcc.of(r.resok.obj_wcc.before)).isEqualTo(before.wcc());
    Attrs a = Attrs.of(r.resok.obj_wcc.after);
    assertThat(a.size()).isEqualTo(4);
    assertThat(a.used()).isEqualTo(4);
    assertThat(a.mtime()).isEqualTo(now);
    assertThat(a.ctime()).isEqualTo(now);
    assertThat(a.atime()).isEqualTo(before.atime());
    assertThat(h.read(f, 0, 100).resok.data).isEqualTo(bytes("0123"));

    h.setattr(f, size(8));
    assertThat(h.read(f, 0, 100).resok.data).isEqualTo(new byte[] {'0', '1', '2', '3', 0, 0, 0, 0});
    h.setattr(f, size(10_000));
    byte[] all = h.read(f, 0, 20_000).resok.data;
    assertThat(all).hasSize(10_000);
    assertThat(java.util.Arrays.copyOfRange(all, 4, 10_000)).containsOnly(0);
  }

  @Test
  void anExplicitMtimeWinsOverTheSizeChangesMtime() {
    nfs_fh3 f = aliceFile(0644);
    sattr3 s = size(3);
    s.mtime.set_it = time_how.SET_TO_CLIENT_TIME;
    s.mtime.mtime = time(77, 7);
    Time now = Time.of(h.nextTime());
    h.setattr(f, s);
    Attrs a = attrs(f);
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.mtime()).isEqualTo(new Time(77, 7));
    assertThat(a.ctime()).isEqualTo(now);
  }

  @Test
  void sizeNeedsWritePermissionNotOwnership() {
    nfs_fh3 f = aliceFile(0464);
    h.as(ALICE, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, size(1)).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();

    h.as(BOB, STAFF);
    assertThat(h.setattr(f, size(1)).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(f).size()).isEqualTo(1);
  }

  @Test
  void sizeOnADirectoryOrSymlinkIsInval() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 l = h.symlink(h.root(), "l", "x").resok.obj.handle;
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(d, size(0)).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.setattr(l, size(0)).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
  }

  @Test
  void clientNanosecondsOutOfRangeAreInval() {
    nfs_fh3 f = aliceFile(0644);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.setattr(f, clientTimes(time(1, 0), time(1, 1_000_000_000))).status)
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.setattr(f, clientTimes(time(1, -1), time(1, 0))).status)
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
  }

  @Test
  void ctimeGuardMismatchIsNotSyncAndMatchApplies() {
    nfs_fh3 f = aliceFile(0644);
    Attrs a = attrs(f);
    Snapshot s = Facts.snapshot(h);
    SETATTR3res r = h.setattr(f, mode(0600), time(a.ctime().seconds() + 1, 0));
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_NOT_SYNC);
    assertThat(Attrs.of(r.resfail.obj_wcc.after)).isEqualTo(a);
    assertThat(h.setattr(f, mode(0600), time(a.ctime().seconds(), a.ctime().nanos() + 1)).status)
        .isEqualTo(nfsstat3.NFS3ERR_NOT_SYNC);
    s.assertUnchanged();

    assertThat(h.setattr(f, mode(0600), time(a.ctime().seconds(), a.ctime().nanos())).status)
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(f).mode()).isEqualTo(0600);
  }

  // ---- SETATTR: precedence when several errors apply -----------------------------------------

  @Test
  void notSyncWinsOverInvalAndPerm() {
    nfs_fh3 f = aliceFile(0644);
    h.as(BOB, STAFF);
    sattr3 s = withMode(clientTimes(time(1, 2_000_000_000), time(1, 0)), 0777);
    assertThat(h.setattr(f, s, time(1, 0)).status).isEqualTo(nfsstat3.NFS3ERR_NOT_SYNC);
  }

  @Test
  void invalTimeWinsOverPerm() {
    nfs_fh3 f = aliceFile(0644);
    h.as(BOB, STAFF);
    sattr3 s = withMode(clientTimes(time(1, 2_000_000_000), time(1, 0)), 0777);
    assertThat(h.setattr(f, s).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }

  @Test
  void sizeOnADirectoryWinsOverPerm() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.as(BOB, STAFF);
    assertThat(h.setattr(d, withMode(size(0), 0777)).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }

  @Test
  void permWinsOverMissingWritePermissionForSize() {
    nfs_fh3 f = aliceFile(0644);
    h.as(BOB, STAFF);
    assertThat(h.setattr(f, withMode(size(0), 0777)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
  }

  @Test
  void accesWinsOverFbig() {
    nfs_fh3 f = aliceFile(0444);
    h.as(ALICE, STAFF);
    assertThat(h.setattr(f, size(Long.MAX_VALUE)).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
  }

  @Test
  void sizeLimitsGiveFbigBeforeNospc() {
    SpecHarness small = new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(50, 100));
    nfs_fh3 a = small.newFile(small.root(), "a", 0644);
    nfs_fh3 b = small.newFile(small.root(), "b", 0644);
    assertThat(small.setattr(a, size(40)).status).isEqualTo(nfsstat3.NFS3_OK);

    Snapshot s = Facts.snapshot(small);
    assertThat(small.setattr(b, size(101)).status).isEqualTo(nfsstat3.NFS3ERR_FBIG);
    assertThat(small.setattr(b, size(-1)).status).isEqualTo(nfsstat3.NFS3ERR_FBIG);
    assertThat(small.setattr(b, size(11)).status).isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    s.assertUnchanged();

    assertThat(small.setattr(b, size(10)).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(small.setattr(a, size(0)).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(small.setattr(b, size(50)).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(small.setattr(b, size(10)).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void setattrAnnouncesEveryEntryItChanges() {
    nfs_fh3 f = aliceFile(0644);
    h.write(f, 0, bytes("abc"));
    Snapshot s = Facts.snapshot(h);
    sattr3 all = withMode(size(1), 0600);
    all.uid.set_it = true;
    all.uid.uid = BOB;
    h.setattr(f, all);
    assertThat(s.changed()).containsExactly(Facts.index(f));
    s.assertChangesAnnounced();
  }
}
