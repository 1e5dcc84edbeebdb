package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.procedures.Facts.fileid;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.xdr.nfs.LOOKUP3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * LOOKUP (RFC 1813 §3.3.3) of the reference implementation: error precedence BADHANDLE, STALE;
 * NOTDIR; NAMETOOLONG, INVAL; ACCES (search permission); NOENT. Names are byte strings (paper
 * §3.1), "." and ".." resolve in the abstract state, and LOOKUP never changes it (read-only path).
 */
class LookupTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int CAROL = 1002;
  private static final int STAFF = 100;
  private static final int OTHERS = 200;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private int lookupStatus(nfs_fh3 dir, String name) {
    return h.lookup(dir, name).status;
  }

  /** A directory of ALICE:STAFF with {@code mode}, holding a file "f". */
  private nfs_fh3 aliceDir(int mode) {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0700);
    h.newFile(d, "f", 0644);
    h.setattr(d, SpecHarness.mode(mode));
    return d;
  }

  @Test
  void findsAnEntryWithItsAttributesAndTheDirectorys() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(d, "f", 0600);
    Snapshot s = Facts.snapshot(h);
    LOOKUP3res r = h.lookup(d, "f");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.object.data).isEqualTo(f.data);
    assertThat(Attrs.of(r.resok.obj_attributes))
        .isEqualTo(Attrs.of(h.getattr(f).resok.obj_attributes));
    assertThat(Attrs.of(r.resok.dir_attributes))
        .isEqualTo(Attrs.of(h.getattr(d).resok.obj_attributes));
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void dotIsTheDirectoryAndDotDotItsParent() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 e = h.newDir(d, "e", 0755);
    assertThat(h.lookup(e, ".").resok.object.data).isEqualTo(e.data);
    assertThat(h.lookup(e, "..").resok.object.data).isEqualTo(d.data);
    assertThat(fileid(h.lookup(d, "..").resok.object)).isEqualTo(fileid(h.root()));
    assertThat(Attrs.of(h.lookup(e, "..").resok.obj_attributes).fileid()).isEqualTo(fileid(d));
  }

  @Test
  void theRootIsItsOwnParent() {
    assertThat(h.lookup(h.root(), "..").resok.object.data).isEqualTo(h.root().data);
    assertThat(h.lookup(h.root(), ".").resok.object.data).isEqualTo(h.root().data);
  }

  @Test
  void aMissingNameIsNoentWithTheDirectorysAttributes() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    Snapshot s = Facts.snapshot(h);
    LOOKUP3res r = h.lookup(d, "nope");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(Attrs.of(r.resfail.dir_attributes))
        .isEqualTo(Attrs.of(h.getattr(d).resok.obj_attributes));
    s.assertUnchanged();
  }

  @Test
  void namesAreExactByteStrings() {
    h.newFile(h.root(), "a", 0644);
    h.newFile(h.root(), "\u00e9", 0644); // é precomposed: C3 A9
    assertThat(lookupStatus(h.root(), "A")).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(lookupStatus(h.root(), "a ")).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(lookupStatus(h.root(), "\u00e9")).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(lookupStatus(h.root(), "e\u0301")).isEqualTo(nfsstat3.NFS3ERR_NOENT);
  }

  @Test
  void aMissingNameInADirectoryWithoutSearchPermissionIsAccesNotNoent() {
    nfs_fh3 d = aliceDir(0600);
    Snapshot s = Facts.snapshot(h);
    LOOKUP3res r = h.lookup(d, "missing");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(Attrs.of(r.resfail.dir_attributes).mode()).isEqualTo(0600);
    assertThat(lookupStatus(d, "f")).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(lookupStatus(d, ".")).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(lookupStatus(d, "..")).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
  }

  @Test
  void searchNeedsExecuteButNotRead() {
    nfs_fh3 d = aliceDir(0100);
    assertThat(lookupStatus(d, "f")).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void onlyTheCallersClassCounts() {
    nfs_fh3 d = aliceDir(0071);
    h.as(ALICE, STAFF);
    assertThat(lookupStatus(d, "f")).as("owner class, no x").isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.as(BOB, STAFF);
    assertThat(lookupStatus(d, "f")).as("group class").isEqualTo(nfsstat3.NFS3_OK);
    h.as(CAROL, OTHERS);
    assertThat(lookupStatus(d, "f")).as("other class").isEqualTo(nfsstat3.NFS3_OK);

    h.as(ALICE, STAFF);
    h.setattr(d, SpecHarness.mode(0710));
    h.as(CAROL, OTHERS);
    assertThat(lookupStatus(d, "f")).as("other class").isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.as(CAROL, OTHERS, 7, STAFF);
    assertThat(lookupStatus(d, "f")).as("supplementary group").isEqualTo(nfsstat3.NFS3_OK);
    h.as(CAROL, STAFF);
    assertThat(lookupStatus(d, "f")).as("primary group").isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void rootSearchesEveryDirectory() {
    nfs_fh3 d = aliceDir(0);
    h.as(0, 0);
    assertThat(lookupStatus(d, "f")).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void aSquashedRootOrAnAnonymousCallerIsAnOther() {
    SpecHarness sq =
        new SpecHarness(
            SpecConfig.defaults().withCapacity(16).withRoot(0777, 0, 0).withRootSquash(true));
    sq.as(ALICE, STAFF);
    nfs_fh3 d = sq.newDir(sq.root(), "d", 0770);
    sq.newFile(d, "f", 0644);
    sq.as(0, 0);
    assertThat(sq.lookup(d, "f").status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    sq.anonymous();
    assertThat(sq.lookup(d, "f").status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    sq.as(ALICE, STAFF);
    sq.setattr(d, SpecHarness.mode(0771));
    sq.as(0, 0);
    assertThat(sq.lookup(d, "f").status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void nameRules() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    assertThat(lookupStatus(d, "x".repeat(255))).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    assertThat(lookupStatus(d, "x".repeat(256))).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(lookupStatus(d, "")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(lookupStatus(d, "a/b")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(lookupStatus(d, "a\0b")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(lookupStatus(d, "/".repeat(256))).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
  }

  @Test
  void nameErrorsWinOverAcces() {
    nfs_fh3 d = aliceDir(0);
    assertThat(lookupStatus(d, "x".repeat(256))).isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(lookupStatus(d, "a/b")).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }

  @Test
  void notdirWinsOverNameErrors() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    nfs_fh3 l = h.symlink(h.root(), "l", "d").resok.obj.handle;
    Snapshot s = Facts.snapshot(h);
    LOOKUP3res r = h.lookup(f, "x".repeat(256));
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(Attrs.of(r.resfail.dir_attributes).fileid()).isEqualTo(fileid(f));
    assertThat(lookupStatus(f, "")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(lookupStatus(f, ".")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(lookupStatus(l, "x")).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    s.assertUnchanged();
  }

  @Test
  void staleWinsOverNotdir() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.remove(h.root(), "f");
    LOOKUP3res r = h.lookup(f, "x");
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(r.resfail.dir_attributes.attributes_follow).isFalse();
  }
}
