package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.SpecHarness.clientTimes;
import static org.bftnfs.spec.SpecHarness.group;
import static org.bftnfs.spec.SpecHarness.mode;
import static org.bftnfs.spec.SpecHarness.owner;
import static org.bftnfs.spec.SpecHarness.sattr;
import static org.bftnfs.spec.SpecHarness.size;
import static org.bftnfs.spec.SpecHarness.time;
import static org.bftnfs.spec.procedures.Facts.FSID;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.procedures.Facts.Time;
import org.bftnfs.spec.procedures.Facts.Wcc;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.xdr.nfs.MKDIR3res;
import org.bftnfs.xdr.nfs.MKNOD3res;
import org.bftnfs.xdr.nfs.READLINK3res;
import org.bftnfs.xdr.nfs.SYMLINK3res;
import org.bftnfs.xdr.nfs.ftype3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.sattr3;
import org.junit.jupiter.api.Test;

/**
 * MKDIR (RFC 1813 §3.3.9), SYMLINK (§3.3.10), MKNOD (§3.3.11) and READLINK (§3.3.5) of the
 * reference implementation: directories and symbolic links as abstract objects (paper §3.1), the
 * directory link count 2 + subdirectories, the common creation precedence (see {@code CreateTest})
 * plus MLINK for MKDIR and the target checks of SYMLINK, and MKNOD answering NOTSUPP after the
 * common checks up to EXIST.
 */
class MkdirSymlinkMknodTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int STAFF = 100;
  private static final int OTHERS = 200;
  private static final int LINK_MAX = 32000;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private Attrs attrs(nfs_fh3 fh) {
    return Attrs.of(h.getattr(fh).resok.obj_attributes);
  }

  // ---- MKDIR ---------------------------------------------------------------------------------

  @Test
  void mkdirGivesExactAttributesAndOneMoreLinkToTheParent() {
    nfs_fh3 p = h.newDir(h.root(), "p", 0777);
    Attrs before = attrs(p);
    h.as(ALICE, STAFF);
    Time now = Time.of(h.nextTime());
    MKDIR3res r = h.mkdir(p, "d", 0750);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    nfs_fh3 d = r.resok.obj.handle;
    Attrs expected =
        new Attrs(
            ftype3.NF3DIR, 0750, 2, ALICE, STAFF, 4096, 0, FSID, Facts.fileid(d), now, now, now);
    assertThat(Attrs.of(r.resok.obj_attributes)).isEqualTo(expected);
    assertThat(attrs(d)).isEqualTo(expected);
    assertThat(Wcc.of(r.resok.dir_wcc.before)).isEqualTo(before.wcc());
    Attrs after = Attrs.of(r.resok.dir_wcc.after);
    assertThat(after.nlink()).isEqualTo(3);
    assertThat(after.mtime()).isEqualTo(now);
    assertThat(after.ctime()).isEqualTo(now);
    assertThat(h.lookup(d, "..").resok.object.data).isEqualTo(p.data);
    assertThat(Facts.names(Facts.entries(h.readdir(d, 0, 4096)))).containsExactly(".", "..");
  }

  @Test
  void mkdirDefaultsTo0755MasksTheModeAndIgnoresASize() {
    MKDIR3res plain = h.mkdir(h.root(), "plain", sattr());
    assertThat(Attrs.of(plain.resok.obj_attributes).mode()).isEqualTo(0755);
    assertThat(Attrs.of(h.mkdir(h.root(), "m", mode(0171_1777)).resok.obj_attributes).mode())
        .isEqualTo(01777);
    sattr3 s = size(12345);
    s.mode.set_it = true;
    s.mode.mode = 0700;
    Attrs sized = Attrs.of(h.mkdir(h.root(), "sized", s).resok.obj_attributes);
    assertThat(sized.size()).isEqualTo(4096);
    assertThat(sized.mode()).isEqualTo(0700);
  }

  @Test
  void mkdirAppliesClientTimes() {
    Time now = Time.of(h.nextTime());
    Attrs a =
        Attrs.of(h.mkdir(h.root(), "d", clientTimes(time(3, 4), time(5, 6))).resok.obj_attributes);
    assertThat(a.atime()).isEqualTo(new Time(3, 4));
    assertThat(a.mtime()).isEqualTo(new Time(5, 6));
    assertThat(a.ctime()).isEqualTo(now);
  }

  @Test
  void newDirectoriesInheritTheGroupAndTheSetGroupIdBit() {
    nfs_fh3 p = h.newDir(h.root(), "p", 0777);
    h.setattr(p, group(OTHERS));
    h.setattr(p, mode(02777));
    h.as(ALICE, STAFF);
    Attrs explicit = Attrs.of(h.mkdir(p, "a", 0700).resok.obj_attributes);
    assertThat(explicit.gid()).isEqualTo(OTHERS);
    assertThat(explicit.mode()).isEqualTo(02700);
    Attrs defaulted = Attrs.of(h.mkdir(p, "b", sattr()).resok.obj_attributes);
    assertThat(defaulted.gid()).isEqualTo(OTHERS);
    assertThat(defaulted.mode()).isEqualTo(02755);
  }

  @Test
  void mkdirErrors() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.newDir(h.root(), "d", 0755);
    h.as(ALICE, STAFF);
    nfs_fh3 ro = h.newDir(h.root(), "ro", 0555);
    h.newDir(h.root(), "mine", 0755);
    h.as(0, 0);
    h.newDir(ro, "x", 0755);
    h.as(ALICE, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.mkdir(h.root(), "f", 0755).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.mkdir(h.root(), "d", 0755).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.mkdir(ro, ".", 0755).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.mkdir(ro, "..", 0755).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.mkdir(ro, "x", 0755).status)
        .as("ACCES before EXIST")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.mkdir(ro, "y", 0755).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.mkdir(f, "y", 0755).status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.mkdir(ro, "y".repeat(256), 0755).status).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.mkdir(ro, "a/b", 0755).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.mkdir(h.root(), "y", owner(BOB)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(h.mkdir(h.root(), "y", group(OTHERS)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    sattr3 both = clientTimes(time(0, 1_000_000_000), time(0, 0));
    both.uid.set_it = true;
    both.uid.uid = BOB;
    assertThat(h.mkdir(h.root(), "y", both).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
  }

  @Test
  void mkdirInADirectoryWithLinkMaxLinksIsMlink() {
    nfs_fh3 p = h.newDir(h.root(), "p", 0777);
    DirectoryObject parent = (DirectoryObject) h.state.object(Facts.index(p));
    parent.meta().nlink = LINK_MAX;
    h.as(ALICE, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.mkdir(p, "d", 0755).status).isEqualTo(nfsstat3.NFS3ERR_MLINK);
    assertThat(h.mkdir(p, "p2", owner(BOB)).status)
        .as("PERM before MLINK")
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.assertUnchanged();
    parent.meta().nlink = LINK_MAX - 1;
    assertThat(h.mkdir(p, "d", 0755).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(p).nlink()).isEqualTo(LINK_MAX);
  }

  @Test
  void mkdirWithoutAFreeEntryIsNospc() {
    SpecHarness tiny = new SpecHarness(SpecConfig.defaults().withCapacity(2));
    tiny.newDir(tiny.root(), "a", 0755);
    Snapshot s = Facts.snapshot(tiny);
    assertThat(tiny.mkdir(tiny.root(), "b", 0755).status).isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    assertThat(tiny.symlink(tiny.root(), "c", "t").status).isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    s.assertUnchanged();
  }

  @Test
  void mkdirAnnouncesTheNewDirectoryAndTheParent() {
    Snapshot s = Facts.snapshot(h);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    assertThat(s.changed()).containsExactlyInAnyOrder(0, Facts.index(d));
    s.assertChangesAnnounced();
  }

  // ---- SYMLINK and READLINK ------------------------------------------------------------------

  @Test
  void symlinkGivesExactAttributesAndReadlinkItsTarget() {
    Attrs dirBefore = attrs(h.root());
    h.as(ALICE, STAFF);
    Time now = Time.of(h.nextTime());
    SYMLINK3res r = h.symlink(h.root(), "l", "../some/where");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    nfs_fh3 l = r.resok.obj.handle;
    Attrs expected =
        new Attrs(
            ftype3.NF3LNK, 0777, 1, ALICE, STAFF, 13, 0, FSID, Facts.fileid(l), now, now, now);
    assertThat(Attrs.of(r.resok.obj_attributes)).isEqualTo(expected);
    assertThat(Wcc.of(r.resok.dir_wcc.before)).isEqualTo(dirBefore.wcc());
    assertThat(Attrs.of(r.resok.dir_wcc.after).mtime()).isEqualTo(now);
    assertThat(Attrs.of(r.resok.dir_wcc.after).nlink()).isEqualTo(2);

    Snapshot s = Facts.snapshot(h);
    READLINK3res link = h.readlink(l);
    assertThat(link.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(link.resok.data).isEqualTo(bytes("../some/where"));
    assertThat(Attrs.of(link.resok.symlink_attributes)).isEqualTo(expected);
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void symlinkTargetsAreUninterpretedBytes() {
    byte[] target = {'/', (byte) 0xff, (byte) 0x80, '.', '.', '/', 'x'};
    nfs_fh3 l = h.symlink(h.root(), "l", target, sattr()).resok.obj.handle;
    assertThat(h.readlink(l).resok.data).isEqualTo(target);
    assertThat(attrs(l).size()).isEqualTo(target.length);
  }

  @Test
  void symlinkAppliesAModeAndIgnoresASize() {
    sattr3 s = size(999);
    s.mode.set_it = true;
    s.mode.mode = 0700;
    nfs_fh3 l = h.symlink(h.root(), "l", bytes("abc"), s).resok.obj.handle;
    Attrs a = attrs(l);
    assertThat(a.mode()).isEqualTo(0700);
    assertThat(a.size()).isEqualTo(3);
  }

  @Test
  void symlinkTargetRules() {
    Snapshot s = Facts.snapshot(h);
    assertThat(h.symlink(h.root(), "l", "t".repeat(1024)).status)
        .isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.symlink(h.root(), "l", "").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.symlink(h.root(), "l", "a\0b").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
    assertThat(h.symlink(h.root(), "l", "t".repeat(1023)).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void symlinkPrecedenceNameThenDotsThenTargetThenAccesThenExist() {
    h.as(ALICE, STAFF);
    nfs_fh3 ro = h.newDir(h.root(), "ro", 0555);
    h.as(0, 0);
    h.newFile(ro, "taken", 0644);
    h.as(ALICE, STAFF);
    String longTarget = "t".repeat(1025);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.symlink(ro, "a/b", longTarget).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.symlink(ro, "n".repeat(256), "").status).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.symlink(ro, "..", longTarget).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.symlink(ro, "taken", longTarget).status).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.symlink(ro, "taken", "").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.symlink(ro, "taken", "ok").status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.symlink(h.root(), "ro", "ok").status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.symlink(h.root(), "x", bytes("ok"), owner(BOB)).status)
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    s.assertUnchanged();
  }

  @Test
  void readlinkNeedsNoPermission() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0700);
    nfs_fh3 l = h.symlink(d, "l", bytes("target"), mode(0)).resok.obj.handle;
    h.as(BOB, OTHERS);
    assertThat(h.readlink(l).resok.data).isEqualTo(bytes("target"));
  }

  @Test
  void readlinkOfANonSymlinkIsInval() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    READLINK3res r = h.readlink(f);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(Attrs.of(r.resfail.symlink_attributes)).isEqualTo(attrs(f));
    assertThat(h.readlink(d).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    nfs_fh3 l = h.symlink(h.root(), "l", "x").resok.obj.handle;
    h.remove(h.root(), "l");
    READLINK3res stale = h.readlink(l);
    assertThat(stale.status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(stale.resfail.symlink_attributes.attributes_follow).isFalse();
  }

  // ---- MKNOD ---------------------------------------------------------------------------------

  @Test
  void mknodOfEveryTypeIsNotsuppAndChangesNothing() {
    Snapshot s = Facts.snapshot(h);
    for (int type = ftype3.NF3REG; type <= ftype3.NF3FIFO; type++) {
      MKNOD3res r = h.mknod(h.root(), "n", type);
      assertThat(r.status).as("type %d", type).isEqualTo(nfsstat3.NFS3ERR_NOTSUPP);
      assertThat(r.resfail.dir_wcc.before.attributes_follow).isFalse();
      assertThat(Attrs.of(r.resfail.dir_wcc.after)).isEqualTo(attrs(h.root()));
    }
    s.assertUnchanged();
  }

  @Test
  void mknodRunsTheCommonChecksUpToExistFirst() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.as(ALICE, STAFF);
    nfs_fh3 ro = h.newDir(h.root(), "ro", 0555);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.mknod(h.root(), "f", ftype3.NF3FIFO).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.mknod(ro, "n", ftype3.NF3CHR).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.mknod(ro, "..", ftype3.NF3SOCK).status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.mknod(ro, "n".repeat(256), ftype3.NF3BLK).status)
        .isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.mknod(f, "n", ftype3.NF3FIFO).status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    s.assertUnchanged();
  }
}
