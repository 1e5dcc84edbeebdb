package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.procedures.Facts.Time;
import org.bftnfs.spec.procedures.Facts.Wcc;
import org.bftnfs.xdr.nfs.LINK3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * LINK (RFC 1813 §3.3.15) of the reference implementation: hard links as several directory entries
 * naming one abstract object (paper §3.1), nlink up with LINK and down with REMOVE until the object
 * is freed, and the documented precedence BADHANDLE, STALE (file, then directory); ISDIR; NOTDIR;
 * NAMETOOLONG, INVAL; EXIST for "." and ".."; ACCES; EXIST; MLINK.
 */
class LinkTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int STAFF = 100;
  private static final int LINK_MAX = 32000;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private Attrs attrs(nfs_fh3 fh) {
    return Attrs.of(h.getattr(fh).resok.obj_attributes);
  }

  @Test
  void linkAddsANameAndALink() {
    nfs_fh3 a = h.newDir(h.root(), "a", 0755);
    nfs_fh3 b = h.newDir(h.root(), "b", 0755);
    nfs_fh3 f = h.newFile(a, "f", 0644);
    h.write(f, 0, bytes("shared"));
    Attrs fileBefore = attrs(f);
    Attrs dirBefore = attrs(b);
    Snapshot s = Facts.snapshot(h);
    Time now = Time.of(h.nextTime());
    LINK3res r = h.link(f, b, "g");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    Attrs fileAfter = Attrs.of(r.resok.file_attributes);
    assertThat(fileAfter)
        .isEqualTo(
            new Attrs(
                fileBefore.type(),
                fileBefore.mode(),
                2,
                fileBefore.uid(),
                fileBefore.gid(),
                6,
                6,
                fileBefore.fsid(),
                fileBefore.fileid(),
                fileBefore.atime(),
                fileBefore.mtime(),
                now));
    assertThat(Wcc.of(r.resok.linkdir_wcc.before)).isEqualTo(dirBefore.wcc());
    Attrs dirAfter = Attrs.of(r.resok.linkdir_wcc.after);
    assertThat(dirAfter.mtime()).isEqualTo(now);
    assertThat(dirAfter.ctime()).isEqualTo(now);
    assertThat(dirAfter.nlink()).isEqualTo(2);
    assertThat(h.lookup(b, "g").resok.object.data).isEqualTo(f.data);
    assertThat(h.read(h.lookup(b, "g").resok.object, 0, 10).resok.data).isEqualTo(bytes("shared"));
    assertThat(s.changed()).containsExactlyInAnyOrder(Facts.index(f), Facts.index(b));
    s.assertChangesAnnounced();
  }

  @Test
  void linkCountGoesUpAndDownUntilTheFileIsFreed() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    for (int i = 1; i <= 3; i++) {
      assertThat(h.link(f, h.root(), "l" + i).status).isEqualTo(nfsstat3.NFS3_OK);
      assertThat(attrs(f).nlink()).isEqualTo(1 + i);
    }
    h.remove(h.root(), "f");
    assertThat(attrs(f).nlink()).isEqualTo(3);
    h.remove(h.root(), "l2");
    h.remove(h.root(), "l1");
    assertThat(attrs(f).nlink()).isEqualTo(1);
    assertThat(h.lookup(h.root(), "l3").resok.object.data).isEqualTo(f.data);
    h.remove(h.root(), "l3");
    assertThat(h.getattr(f).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.state.object(Facts.index(f))).isNull();
  }

  @Test
  void symbolicLinksCanBeHardLinked() {
    nfs_fh3 l = h.symlink(h.root(), "l", "target").resok.obj.handle;
    assertThat(h.link(l, h.root(), "l2").status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(l).nlink()).isEqualTo(2);
    assertThat(h.readlink(h.lookup(h.root(), "l2").resok.object).resok.data)
        .isEqualTo(bytes("target"));
  }

  @Test
  void linkNeedsNoPermissionOnTheFileItself() {
    h.as(BOB, STAFF);
    nfs_fh3 f = h.newFile(h.root(), "bobs", 0);
    h.as(ALICE, STAFF);
    assertThat(h.link(f, h.root(), "alices").status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void linkErrors() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newFile(d, "taken", 0644);
    Snapshot s = Facts.snapshot(h);
    LINK3res exists = h.link(f, d, "taken");
    assertThat(exists.status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(Attrs.of(exists.resfail.file_attributes)).isEqualTo(attrs(f));
    assertThat(exists.resfail.linkdir_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(exists.resfail.linkdir_wcc.after)).isEqualTo(attrs(d));
    assertThat(h.link(d, h.root(), "d2").status).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(h.link(f, f, "x").status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(h.link(f, d, "x".repeat(256)).status).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(h.link(f, d, "").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.link(f, d, "a/b").status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.link(f, d, ".").status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.link(f, d, "..").status).isEqualTo(nfsstat3.NFS3ERR_EXIST);
    s.assertUnchanged();
  }

  @Test
  void linkPrecedence() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 gone = h.newFile(h.root(), "gone", 0644);
    h.remove(h.root(), "gone");
    nfs_fh3 bad = Facts.withWord(d, 4, 77);
    assertThat(h.link(gone, bad, "x").status).as("file first").isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.link(bad, gone, "x").status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(h.link(f, gone, "x").status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.link(d, f, "x").status)
        .as("ISDIR before NOTDIR")
        .isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(h.link(f, f, "x".repeat(256)).status)
        .as("NOTDIR before names")
        .isEqualTo(nfsstat3.NFS3ERR_NOTDIR);

    h.as(ALICE, STAFF);
    nfs_fh3 ro = h.newDir(h.root(), "ro", 0555);
    h.as(0, 0);
    h.newFile(ro, "taken", 0644);
    h.as(ALICE, STAFF);
    assertThat(h.link(f, ro, ".").status)
        .as("EXIST for '.' before ACCES")
        .isEqualTo(nfsstat3.NFS3ERR_EXIST);
    assertThat(h.link(f, ro, "a/b").status)
        .as("INVAL before ACCES")
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.link(f, ro, "taken").status)
        .as("ACCES before EXIST")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.link(f, ro, "new").status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
  }

  @Test
  void aFileWithLinkMaxLinksIsMlink() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.state.object(Facts.index(f)).meta().nlink = LINK_MAX;
    Snapshot s = Facts.snapshot(h);
    assertThat(h.link(f, h.root(), "g").status).isEqualTo(nfsstat3.NFS3ERR_MLINK);
    assertThat(h.link(f, h.root(), "f").status)
        .as("EXIST before MLINK")
        .isEqualTo(nfsstat3.NFS3ERR_EXIST);
    s.assertUnchanged();
    h.state.object(Facts.index(f)).meta().nlink = LINK_MAX - 1;
    assertThat(h.link(f, h.root(), "g").status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(attrs(f).nlink()).isEqualTo(LINK_MAX);
  }
}
