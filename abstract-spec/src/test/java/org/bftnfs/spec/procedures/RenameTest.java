package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.procedures.Facts.fileid;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Listed;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.procedures.Facts.Time;
import org.bftnfs.spec.procedures.Facts.Wcc;
import org.bftnfs.xdr.nfs.RENAME3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * RENAME (RFC 1813 §3.3.14) of the reference implementation: moving entries within and across
 * directories (a moved directory's ".." follows, link counts 2 + subdirectories), replacing an
 * existing target, the "same object: no change" rule, sticky directories, and the documented
 * precedence BADHANDLE, STALE (from, then to); NOTDIR (from, then to); NAMETOOLONG, INVAL (from
 * name, then to name; "." and ".." INVAL); ACCES (from, then to); NOENT; PERM (sticky from); same
 * object; INVAL (own subtree); PERM (sticky to); NOTDIR; ISDIR; NOTEMPTY; MLINK.
 */
class RenameTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int CAROL = 1002;
  private static final int STAFF = 100;
  private static final int LINK_MAX = 32000;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private Attrs attrs(nfs_fh3 fh) {
    return Attrs.of(h.getattr(fh).resok.obj_attributes);
  }

  private int rename(nfs_fh3 from, String fromName, nfs_fh3 to, String toName) {
    return h.rename(from, fromName, to, toName).status;
  }

  private nfs_fh3 handleOf(nfs_fh3 dir, String name) {
    return h.lookup(dir, name).resok.object;
  }

  // ---- success -------------------------------------------------------------------------------

  @Test
  void renameWithinADirectory() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(d, "a", 0644);
    Attrs dirBefore = attrs(d);
    Attrs fileBefore = attrs(f);
    Time now = Time.of(h.nextTime());
    RENAME3res r = h.rename(d, "a", d, "b");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Wcc.of(r.resok.fromdir_wcc.before)).isEqualTo(dirBefore.wcc());
    assertThat(Wcc.of(r.resok.todir_wcc.before)).isEqualTo(dirBefore.wcc());
    Attrs dirAfter = attrs(d);
    assertThat(Attrs.of(r.resok.fromdir_wcc.after)).isEqualTo(dirAfter);
    assertThat(Attrs.of(r.resok.todir_wcc.after)).isEqualTo(dirAfter);
    assertThat(dirAfter.mtime()).isEqualTo(now);
    assertThat(dirAfter.ctime()).isEqualTo(now);
    assertThat(dirAfter.nlink()).isEqualTo(2);

    assertThat(handleOf(d, "b").data).isEqualTo(f.data);
    assertThat(h.lookup(d, "a").status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    Attrs fileAfter = attrs(f);
    assertThat(fileAfter.ctime()).isEqualTo(now);
    assertThat(fileAfter.mtime()).isEqualTo(fileBefore.mtime());
    assertThat(fileAfter.nlink()).isEqualTo(1);
  }

  @Test
  void renameAcrossDirectoriesTouchesBoth() {
    nfs_fh3 a = h.newDir(h.root(), "a", 0755);
    nfs_fh3 b = h.newDir(h.root(), "b", 0755);
    nfs_fh3 f = h.newFile(a, "f", 0644);
    h.write(f, 0, bytes("content"));
    Attrs aBefore = attrs(a);
    Attrs bBefore = attrs(b);
    Snapshot s = Facts.snapshot(h);
    Time now = Time.of(h.nextTime());
    RENAME3res r = h.rename(a, "f", b, "g");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Wcc.of(r.resok.fromdir_wcc.before)).isEqualTo(aBefore.wcc());
    assertThat(Wcc.of(r.resok.todir_wcc.before)).isEqualTo(bBefore.wcc());
    assertThat(Attrs.of(r.resok.fromdir_wcc.after).mtime()).isEqualTo(now);
    assertThat(Attrs.of(r.resok.todir_wcc.after).mtime()).isEqualTo(now);
    assertThat(Attrs.of(r.resok.todir_wcc.after).ctime()).isEqualTo(now);
    assertThat(attrs(a).nlink()).isEqualTo(2);
    assertThat(attrs(b).nlink()).isEqualTo(2);
    assertThat(handleOf(b, "g").data).isEqualTo(f.data);
    assertThat(h.read(f, 0, 100).resok.data).isEqualTo(bytes("content"));
    assertThat(s.changed())
        .containsExactlyInAnyOrder(Facts.index(a), Facts.index(b), Facts.index(f));
    s.assertChangesAnnounced();
  }

  @Test
  void aDirectoryMovedAcrossDirectoriesTakesItsDotDotAndLinkAlong() {
    nfs_fh3 a = h.newDir(h.root(), "a", 0755);
    nfs_fh3 b = h.newDir(h.root(), "b", 0755);
    nfs_fh3 d = h.newDir(a, "d", 0755);
    h.newDir(d, "sub", 0755);
    assertThat(attrs(a).nlink()).isEqualTo(3);
    Time now = Time.of(h.nextTime());
    assertThat(rename(a, "d", b, "d2")).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(a).nlink()).isEqualTo(2);
    assertThat(attrs(b).nlink()).isEqualTo(3);
    Attrs moved = attrs(d);
    assertThat(moved.nlink()).isEqualTo(3);
    assertThat(moved.ctime()).isEqualTo(now);
    assertThat(handleOf(d, "..").data).isEqualTo(b.data);
    Listed dotdot = Facts.entries(h.readdir(d, 0, 4096)).get(1);
    assertThat(dotdot.name()).isEqualTo("..");
    assertThat(dotdot.fileid()).isEqualTo(fileid(b));
    assertThat(attrs(h.root()).nlink()).isEqualTo(4);
  }

  @Test
  void aFileReplacesAFile() {
    nfs_fh3 src = h.newFile(h.root(), "src", 0644);
    nfs_fh3 dst = h.newFile(h.root(), "dst", 0644);
    h.write(dst, 0, bytes("old"));
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(h.root(), "src", h.root(), "dst")).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(handleOf(h.root(), "dst").data).isEqualTo(src.data);
    assertThat(h.getattr(dst).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.fsstat(h.root()).resok.fbytes).isEqualTo(SpecConfig.defaults().maxBytes());
    s.assertChangesAnnounced();
    assertThat(s.changed()).contains(Facts.index(dst));
  }

  @Test
  void aReplacedFileWithAnotherLinkSurvives() {
    h.newFile(h.root(), "src", 0644);
    nfs_fh3 dst = h.newFile(h.root(), "dst", 0644);
    h.link(dst, h.root(), "other");
    Time now = Time.of(h.nextTime());
    assertThat(rename(h.root(), "src", h.root(), "dst")).isEqualTo(nfsstat3.NFS3_OK);
    Attrs a = attrs(dst);
    assertThat(a.nlink()).isEqualTo(1);
    assertThat(a.ctime()).isEqualTo(now);
    assertThat(handleOf(h.root(), "other").data).isEqualTo(dst.data);
  }

  @Test
  void aDirectoryReplacesAnEmptyDirectoryInTheSameParent() {
    nfs_fh3 p = h.newDir(h.root(), "p", 0755);
    nfs_fh3 src = h.newDir(p, "src", 0755);
    nfs_fh3 dst = h.newDir(p, "dst", 0755);
    assertThat(attrs(p).nlink()).isEqualTo(4);
    assertThat(rename(p, "src", p, "dst")).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(p).nlink()).isEqualTo(3);
    assertThat(h.getattr(dst).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(handleOf(p, "dst").data).isEqualTo(src.data);
  }

  @Test
  void aDirectoryReplacesAnEmptyDirectoryElsewhere() {
    nfs_fh3 a = h.newDir(h.root(), "a", 0755);
    nfs_fh3 b = h.newDir(h.root(), "b", 0755);
    nfs_fh3 src = h.newDir(a, "src", 0755);
    nfs_fh3 dst = h.newDir(b, "dst", 0755);
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(a, "src", b, "dst")).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(a).nlink()).isEqualTo(2);
    assertThat(attrs(b).nlink()).isEqualTo(3);
    assertThat(h.getattr(dst).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(handleOf(src, "..").data).isEqualTo(b.data);
    assertThat(s.changed())
        .containsExactlyInAnyOrder(
            Facts.index(a), Facts.index(b), Facts.index(src), Facts.index(dst));
    s.assertChangesAnnounced();
  }

  @Test
  void renamingAnObjectOntoItselfChangesNothingAtAll() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(d, "a", 0644);
    h.link(f, d, "b");
    h.newDir(d, "sub", 0755);
    Snapshot s = Facts.snapshot(h);
    for (String[] names : new String[][] {{"a", "a"}, {"a", "b"}, {"b", "a"}, {"sub", "sub"}}) {
      RENAME3res r = h.rename(d, names[0], d, names[1]);
      assertThat(r.status).as("%s -> %s", names[0], names[1]).isEqualTo(nfsstat3.NFS3_OK);
      assertThat(Wcc.of(r.resok.fromdir_wcc.before))
          .isEqualTo(Attrs.of(r.resok.fromdir_wcc.after).wcc());
    }
    s.assertUnchanged();
    assertThat(handleOf(d, "a").data).isEqualTo(f.data);
    assertThat(handleOf(d, "b").data).isEqualTo(f.data);
  }

  @Test
  void hardLinksInDifferentDirectoriesAreTheSameObjectToo() {
    nfs_fh3 a = h.newDir(h.root(), "a", 0755);
    nfs_fh3 b = h.newDir(h.root(), "b", 0755);
    nfs_fh3 f = h.newFile(a, "x", 0644);
    h.link(f, b, "y");
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(a, "x", b, "y")).isEqualTo(nfsstat3.NFS3_OK);
    s.assertUnchanged();
    assertThat(handleOf(a, "x").data).isEqualTo(f.data);
    assertThat(attrs(f).nlink()).isEqualTo(2);
  }

  // ---- target conflicts ----------------------------------------------------------------------

  @Test
  void targetConflictsAreNotemptyNotdirIsdir() {
    h.newDir(h.root(), "dir", 0755);
    nfs_fh3 full = h.newDir(h.root(), "full", 0755);
    h.newFile(full, "x", 0644);
    h.newDir(h.root(), "empty", 0755);
    h.newFile(h.root(), "file", 0644);
    h.symlink(h.root(), "link", "dir");
    Snapshot s = Facts.snapshot(h);
    RENAME3res notEmpty = h.rename(h.root(), "dir", h.root(), "full");
    assertThat(notEmpty.status).isEqualTo(nfsstat3.NFS3ERR_NOTEMPTY);
    assertThat(notEmpty.resfail.fromdir_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(notEmpty.resfail.todir_wcc.after)).isEqualTo(attrs(h.root()));
    assertThat(rename(h.root(), "dir", h.root(), "file")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(rename(h.root(), "dir", h.root(), "link")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(rename(h.root(), "file", h.root(), "empty")).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(rename(h.root(), "link", h.root(), "empty")).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(rename(h.root(), "file", h.root(), "full")).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    s.assertUnchanged();
  }

  @Test
  void aDirectoryCannotMoveIntoItsOwnSubtree() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 e = h.newDir(d, "e", 0755);
    nfs_fh3 g = h.newDir(e, "g", 0755);
    h.newFile(g, "file", 0644);
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(h.root(), "d", d, "x")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(h.root(), "d", g, "x")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(d, "e", g, "x")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(h.root(), "d", g, "file"))
        .as("INVAL before NOTDIR")
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
    assertThat(rename(e, "g", h.root(), "g")).as("moving up is fine").isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void dotAndDotDotCannotBeRenamedNorReplaced() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newFile(d, "f", 0644);
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(d, ".", h.root(), "x")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(d, "..", h.root(), "x")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(d, "f", d, ".")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(d, "f", d, "..")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
  }

  @Test
  void missingSourceIsNoent() {
    Snapshot s = Facts.snapshot(h);
    RENAME3res r = h.rename(h.root(), "nope", h.root(), "x");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(Attrs.of(r.resfail.fromdir_wcc.after)).isEqualTo(attrs(h.root()));
    s.assertUnchanged();
  }

  // ---- permissions ---------------------------------------------------------------------------

  @Test
  void bothDirectoriesMustBeWritableAndSearchable() {
    h.as(ALICE, STAFF);
    nfs_fh3 mine = h.newDir(h.root(), "mine", 0755);
    h.newFile(mine, "f", 0644);
    nfs_fh3 ro = h.newDir(h.root(), "ro", 0755);
    h.newFile(ro, "g", 0644);
    h.setattr(ro, SpecHarness.mode(0555));
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(mine, "f", ro, "f")).as("to").isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(rename(ro, "g", mine, "g")).as("from").isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(rename(ro, "missing", mine, "x"))
        .as("ACCES before NOENT")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(rename(mine, "missing", ro, "x"))
        .as("to's ACCES before NOENT")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.as(BOB, STAFF);
    assertThat(rename(mine, "f", mine, "f2")).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
  }

  @Test
  void stickyDirectoriesProtectSourceAndTarget() {
    h.as(ALICE, STAFF);
    nfs_fh3 s = h.newDir(h.root(), "s", 0777);
    h.setattr(s, SpecHarness.mode(01777));
    h.as(BOB, STAFF);
    h.newFile(s, "bobs", 0666);
    h.newDir(s, "bobsdir", 0777);
    h.as(CAROL, STAFF);
    h.newFile(s, "carols", 0644);
    h.newDir(s, "carolsdir", 0755);
    nfs_fh3 open = h.newDir(h.root(), "open", 0777);
    h.newFile(open, "x", 0644);
    Snapshot snap = Facts.snapshot(h);
    assertThat(rename(s, "bobs", open, "y")).as("sticky from").isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(rename(s, "bobs", s, "bobs"))
        .as("PERM before same-object")
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(rename(open, "x", s, "bobs")).as("sticky to").isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(rename(s, "carolsdir", s, "bobs"))
        .as("PERM before NOTDIR")
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    assertThat(rename(s, "carols", s, "bobsdir"))
        .as("PERM before ISDIR")
        .isEqualTo(nfsstat3.NFS3ERR_PERM);
    snap.assertUnchanged();
    assertThat(rename(open, "x", s, "new"))
        .as("no target: no sticky check")
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(rename(s, "carols", s, "carols2")).as("own entry").isEqualTo(nfsstat3.NFS3_OK);
    h.as(ALICE, STAFF);
    assertThat(rename(s, "bobs", s, "carols2")).as("directory owner").isEqualTo(nfsstat3.NFS3_OK);
    h.as(0, 0);
    assertThat(rename(s, "carols2", open, "z")).as("root").isEqualTo(nfsstat3.NFS3_OK);
  }

  // ---- link limits ---------------------------------------------------------------------------

  @Test
  void aDirectoryCannotMoveIntoADirectoryWithLinkMaxLinks() {
    nfs_fh3 a = h.newDir(h.root(), "a", 0755);
    nfs_fh3 full = h.newDir(h.root(), "full", 0755);
    h.newDir(a, "d", 0755);
    h.newDir(a, "replaces", 0755);
    h.newDir(full, "empty", 0755);
    h.newFile(a, "f", 0644);
    h.state.object(Facts.index(full)).meta().nlink = LINK_MAX;
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(a, "d", full, "d")).isEqualTo(nfsstat3.NFS3ERR_MLINK);
    s.assertUnchanged();
    assertThat(rename(a, "f", full, "f")).as("files add no link").isEqualTo(nfsstat3.NFS3_OK);
    assertThat(rename(a, "replaces", full, "empty"))
        .as("replacing adds none")
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(full).nlink()).isEqualTo(LINK_MAX);
    assertThat(rename(full, "empty", full, "e2")).as("same directory").isEqualTo(nfsstat3.NFS3_OK);
  }

  // ---- precedence between handles and names --------------------------------------------------

  @Test
  void handleErrorsComeFromThenTo() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    nfs_fh3 gone = h.newDir(h.root(), "gone", 0755);
    h.rmdir(h.root(), "gone");
    nfs_fh3 bad = Facts.withWord(d, 0, 0);
    assertThat(rename(bad, "x", gone, "y")).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(rename(d, "x", gone, "y")).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(rename(d, "x", bad, "y")).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(rename(f, "x", gone, "y"))
        .as("STALE before NOTDIR")
        .isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(rename(f, "x", d, "y")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(rename(d, "x", f, "y")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    RENAME3res r = h.rename(gone, "x", bad, "y");
    assertThat(r.resfail.fromdir_wcc.after.attributes_follow).isFalse();
    assertThat(r.resfail.todir_wcc.after.attributes_follow).isFalse();
  }

  @Test
  void notdirComesBeforeNameErrors() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    assertThat(rename(d, "x".repeat(256), f, "y")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(rename(f, "y", d, ".")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
  }

  @Test
  void nameErrorsComeFromNameThenToName() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    String tooLong = "x".repeat(256);
    assertThat(rename(d, tooLong, d, "")).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(rename(d, "", d, tooLong)).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(d, "a/b", d, tooLong)).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(d, "a", d, tooLong)).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(rename(d, tooLong, d, ".")).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
  }

  @Test
  void aDotFromNameIsInvalBeforeTheToNameIsChecked() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    String tooLong = "x".repeat(256);
    assertThat(rename(d, ".", d, tooLong)).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(d, "..", d, tooLong)).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }

  @Test
  void nameErrorsComeBeforeAcces() {
    h.as(ALICE, STAFF);
    nfs_fh3 ro = h.newDir(h.root(), "ro", 0555);
    assertThat(rename(ro, ".", ro, "x")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(rename(ro, "a", ro, "x".repeat(256))).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
  }

  /** A directory changing parent changes its "..": the mover needs write permission on it. */
  @Test
  void movingADirectoryToAnotherParentNeedsWritePermissionOnIt() {
    nfs_fh3 a = h.newDir(h.root(), "a", 0777);
    nfs_fh3 b = h.newDir(h.root(), "b", 0777);
    h.newDir(a, "sub", 0555);
    h.as(ALICE, STAFF);
    Snapshot s = Facts.snapshot(h);
    assertThat(rename(a, "sub", b, "sub")).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
    // within the same parent its ".." stays: allowed
    assertThat(rename(a, "sub", a, "renamed")).isEqualTo(nfsstat3.NFS3_OK);
  }
}
