package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.procedures.Facts.Time;
import org.bftnfs.spec.procedures.Facts.Wcc;
import org.bftnfs.xdr.nfs.REMOVE3res;
import org.bftnfs.xdr.nfs.RMDIR3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * REMOVE (RFC 1813 §3.3.12) and RMDIR (§3.3.13) of the reference implementation: link counts and
 * freeing of abstract objects (paper §3.1: a freed entry becomes a null object, its old handle
 * stale), sticky directories, and the documented precedence — REMOVE: NOTDIR; NAMETOOLONG, INVAL
 * (also "." and ".."); ACCES; NOENT; ISDIR; PERM — RMDIR: NOTDIR; NAMETOOLONG, INVAL ("."),
 * NOTEMPTY (".."); ACCES; NOENT; NOTDIR; PERM; NOTEMPTY.
 */
class RemoveRmdirTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int CAROL = 1002;
  private static final int STAFF = 100;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private Attrs attrs(nfs_fh3 fh) {
    return Attrs.of(h.getattr(fh).resok.obj_attributes);
  }

  /** A directory "s" of ALICE with mode 01777 (sticky, world-writable). */
  private nfs_fh3 stickyDir() {
    h.as(ALICE, STAFF);
    nfs_fh3 s = h.newDir(h.root(), "s", 0777);
    h.setattr(s, SpecHarness.mode(01777));
    return s;
  }

  // ---- REMOVE --------------------------------------------------------------------------------

  @Test
  void removeFreesTheLastLinkAndTouchesTheDirectory() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(d, "f", 0644);
    h.write(f, 0, bytes("data"));
    Attrs before = attrs(d);
    Snapshot s = Facts.snapshot(h);
    Time now = Time.of(h.nextTime());
    REMOVE3res r = h.remove(d, "f");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Wcc.of(r.resok.dir_wcc.before)).isEqualTo(before.wcc());
    Attrs after = Attrs.of(r.resok.dir_wcc.after);
    assertThat(after.mtime()).isEqualTo(now);
    assertThat(after.ctime()).isEqualTo(now);
    assertThat(after.nlink()).isEqualTo(2);
    assertThat(h.lookup(d, "f").status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(h.getattr(f).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.read(f, 0, 1).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.state.object(Facts.index(f))).isNull();
    assertThat(s.changed()).containsExactlyInAnyOrder(Facts.index(d), Facts.index(f));
    s.assertChangesAnnounced();
  }

  @Test
  void removingOneOfTwoLinksKeepsTheFile() {
    nfs_fh3 f = h.newFile(h.root(), "a", 0644);
    h.write(f, 0, bytes("shared"));
    h.link(f, h.root(), "b");
    assertThat(attrs(f).nlink()).isEqualTo(2);
    Time now = Time.of(h.nextTime());
    h.remove(h.root(), "a");
    Attrs a = attrs(f);
    assertThat(a.nlink()).isEqualTo(1);
    assertThat(a.ctime()).isEqualTo(now);
    assertThat(h.lookup(h.root(), "b").resok.object.data).isEqualTo(f.data);
    assertThat(h.read(f, 0, 10).resok.data).isEqualTo(bytes("shared"));
    h.remove(h.root(), "b");
    assertThat(h.getattr(f).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
  }

  @Test
  void removeDeletesSymbolicLinks() {
    nfs_fh3 l = h.symlink(h.root(), "l", "x").resok.obj.handle;
    assertThat(h.remove(h.root(), "l").status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(h.readlink(l).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
  }

  @Test
  void theFilesOwnModeDoesNotMatter() {
    h.as(BOB, STAFF);
    h.newFile(h.root(), "f", 0);
    h.as(ALICE, STAFF);
    assertThat(h.remove(h.root(), "f").status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void removeErrors() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.newDir(h.root(), "d", 0755);
    Snapshot s = Facts.snapshot(h);
    REMOVE3res missing = h.remove(h.root(), "nope");
    assertThat(missing.status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(missing.resfail.dir_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(missing.resfail.dir_wcc.after)).isEqualTo(attrs(h.root()));
    assertThat(h.remove(h.root(), "d").status).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(h.remove(f, "x").status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.remove(h.root(), "x".repeat(256)).status).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.remove(h.root(), "").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.remove(h.root(), "d/x").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.remove(h.root(), ".").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.remove(h.root(), "..").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
  }

  @Test
  void removeNeedsWriteAndSearchPermissionOnTheDirectory() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0700);
    h.newFile(d, "f", 0644);
    h.setattr(d, SpecHarness.mode(0200));
    Snapshot s = Facts.snapshot(h);
    assertThat(h.remove(d, "f").status)
        .as("write without search")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.setattr(d, SpecHarness.mode(0755));
    s = Facts.snapshot(h);
    h.as(BOB, STAFF);
    assertThat(h.remove(d, "f").status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.remove(d, "missing").status)
        .as("ACCES before NOENT")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.remove(d, ".").status).as("INVAL before ACCES").isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
  }

  @Test
  void stickyDirectoriesLetOnlyOwnersRemove() {
    nfs_fh3 s = stickyDir();
    h.as(BOB, STAFF);
    h.newFile(s, "bobs", 0666);
    h.newFile(s, "bobs2", 0666);
    h.newDir(s, "bobsdir", 0777);
    h.as(CAROL, STAFF);
    Snapshot snap = Facts.snapshot(h);
    assertThat(h.remove(s, "bobs").status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(h.remove(s, "bobsdir").status)
        .as("ISDIR before PERM")
        .isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(h.remove(s, "nope").status)
        .as("NOENT before PERM")
        .isEqualTo(nfsstat3.NFS3ERR_NOENT);
    snap.assertUnchanged();
    h.as(BOB, STAFF);
    assertThat(h.remove(s, "bobs").status).as("entry owner").isEqualTo(nfsstat3.NFS3_OK);
    h.as(ALICE, STAFF);
    assertThat(h.remove(s, "bobs2").status).as("directory owner").isEqualTo(nfsstat3.NFS3_OK);
    h.as(CAROL, STAFF);
    h.newFile(s, "carols", 0644);
    h.as(0, 0);
    assertThat(h.remove(s, "carols").status).as("root").isEqualTo(nfsstat3.NFS3_OK);
  }

  // ---- RMDIR ---------------------------------------------------------------------------------

  @Test
  void rmdirFreesTheDirectoryAndDropsTheParentsLink() {
    nfs_fh3 p = h.newDir(h.root(), "p", 0755);
    nfs_fh3 d = h.newDir(p, "d", 0755);
    Attrs before = attrs(p);
    assertThat(before.nlink()).isEqualTo(3);
    Snapshot s = Facts.snapshot(h);
    Time now = Time.of(h.nextTime());
    RMDIR3res r = h.rmdir(p, "d");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Wcc.of(r.resok.dir_wcc.before)).isEqualTo(before.wcc());
    Attrs after = Attrs.of(r.resok.dir_wcc.after);
    assertThat(after.nlink()).isEqualTo(2);
    assertThat(after.mtime()).isEqualTo(now);
    assertThat(after.ctime()).isEqualTo(now);
    assertThat(h.getattr(d).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.lookup(p, "d").status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(s.changed()).containsExactlyInAnyOrder(Facts.index(p), Facts.index(d));
    s.assertChangesAnnounced();
  }

  @Test
  void aDirectoryWhoseEntriesWereRemovedIsEmpty() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newFile(d, "f", 0644);
    h.newDir(d, "e", 0755);
    assertThat(h.rmdir(h.root(), "d").status).isEqualTo(nfsstat3.NFS3ERR_NOTEMPTY);
    h.remove(d, "f");
    assertThat(h.rmdir(h.root(), "d").status).isEqualTo(nfsstat3.NFS3ERR_NOTEMPTY);
    h.rmdir(d, "e");
    assertThat(h.rmdir(h.root(), "d").status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(h.root()).nlink()).isEqualTo(2);
  }

  @Test
  void rmdirErrors() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newFile(d, "inner", 0644);
    h.symlink(h.root(), "l", "d");
    Snapshot s = Facts.snapshot(h);
    RMDIR3res full = h.rmdir(h.root(), "d");
    assertThat(full.status).isEqualTo(nfsstat3.NFS3ERR_NOTEMPTY);
    assertThat(full.resfail.dir_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(full.resfail.dir_wcc.after)).isEqualTo(attrs(h.root()));
    assertThat(h.rmdir(h.root(), "f").status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.rmdir(h.root(), "l").status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.rmdir(h.root(), "nope").status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(h.rmdir(f, "x").status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.rmdir(d, ".").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.rmdir(d, "..").status).isEqualTo(nfsstat3.NFS3ERR_NOTEMPTY);
    assertThat(h.rmdir(h.root(), "").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.rmdir(h.root(), "x".repeat(256)).status).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    s.assertUnchanged();
  }

  @Test
  void rmdirPrecedenceAroundPermissions() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newDir(d, "e", 0755);
    h.as(BOB, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.rmdir(d, "..").status)
        .as("NOTEMPTY for '..' before ACCES")
        .isEqualTo(nfsstat3.NFS3ERR_NOTEMPTY);
    assertThat(h.rmdir(d, ".").status)
        .as("INVAL for '.' before ACCES")
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.rmdir(d, "e").status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.rmdir(d, "missing").status)
        .as("ACCES before NOENT")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
  }

  @Test
  void stickyDirectoriesLetOnlyOwnersRemoveDirectories() {
    nfs_fh3 s = stickyDir();
    h.as(BOB, STAFF);
    nfs_fh3 full = h.newDir(s, "full", 0777);
    h.newFile(full, "x", 0644);
    h.newDir(s, "empty", 0777);
    h.newFile(s, "file", 0666);
    h.as(CAROL, STAFF);
    Snapshot snap = Facts.snapshot(h);
    assertThat(h.rmdir(s, "empty").status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(h.rmdir(s, "full").status)
        .as("PERM before NOTEMPTY")
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(h.rmdir(s, "file").status)
        .as("NOTDIR before PERM")
        .isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    snap.assertUnchanged();
    h.as(ALICE, STAFF);
    assertThat(h.rmdir(s, "full").status).isEqualTo(nfsstat3.NFS3ERR_NOTEMPTY);
    assertThat(h.rmdir(s, "empty").status).as("directory owner").isEqualTo(nfsstat3.NFS3_OK);
  }
}
