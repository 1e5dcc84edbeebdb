package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.procedures.Facts.fileid;
import static org.bftnfs.spec.procedures.Facts.generation;
import static org.bftnfs.spec.procedures.Facts.index;
import static org.bftnfs.spec.procedures.Facts.withWord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.xdr.nfs.LINK3res;
import org.bftnfs.xdr.nfs.RENAME3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * File handles and oids (paper §3.1: "the file handles used by the clients are the oids", an oid is
 * the index in the state array concatenated with the generation, incremented each time the entry is
 * reused; RFC 1813 §2.5 nfs_fh3, and the NFS3ERR_BADHANDLE / NFS3ERR_STALE errors of §2.6). A
 * handle of the wrong length, magic or export id, or with an index outside the array is BADHANDLE;
 * a well-formed handle whose oid is not the entry's current object is STALE. Every procedure checks
 * its handles first and answers with no attributes for them.
 */
class HandlesTest {

  private static final int CAPACITY = 64;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(CAPACITY).withRoot(0777, 0, 0));

  /** Malformed variants of the valid handle {@code v}. */
  private static List<nfs_fh3> malformed(nfs_fh3 v) {
    List<nfs_fh3> out = new ArrayList<>();
    for (int n : new int[] {0, 1, 15, 17, 32, 64}) {
      out.add(SpecHarness.fh(Arrays.copyOf(v.data, n)));
    }
    out.add(withWord(v, 0, 0x42465434)); // magic "BFT4"
    out.add(withWord(v, 0, 0));
    out.add(withWord(v, 4, 2)); // another export
    out.add(withWord(v, 8, CAPACITY));
    out.add(withWord(v, 8, Integer.MAX_VALUE));
    out.add(withWord(v, 8, -1));
    return out;
  }

  /** Well-formed handles that name no live object. */
  private List<nfs_fh3> stale() {
    nfs_fh3 removed = h.newFile(h.root(), "removed", 0644);
    h.remove(h.root(), "removed");
    nfs_fh3 replaced = h.newFile(h.root(), "old", 0644);
    h.remove(h.root(), "old");
    h.newFile(h.root(), "new", 0644); // reuses the index with the next generation
    List<nfs_fh3> out = new ArrayList<>();
    out.add(removed);
    out.add(replaced);
    out.add(withWord(h.root(), 12, 2));
    out.add(withWord(h.root(), 12, 0));
    out.add(withWord(h.root(), 8, CAPACITY - 1)); // never used, generation 1
    out.add(withWord(withWord(h.root(), 8, CAPACITY - 1), 12, 0)); // never used, generation 0
    return out;
  }

  private static String hex(nfs_fh3 fh) {
    return java.util.HexFormat.of().formatHex(fh.data);
  }

  // ---- format and allocation -----------------------------------------------------------------

  @Test
  void theRootHandleIsMagicExportIndexZeroGenerationOne() {
    assertThat(hex(h.root())).isEqualTo("42465433" + "00000001" + "00000000" + "00000001");
    assertThat(fileid(h.root())).isEqualTo(1L << 32);
  }

  @Test
  void newObjectsTakeTheLowestFreeIndexWithTheNextGeneration() {
    nfs_fh3 a = h.newFile(h.root(), "a", 0644);
    nfs_fh3 b = h.newDir(h.root(), "b", 0755);
    nfs_fh3 c = h.symlink(h.root(), "c", "t").resok.obj.handle;
    assertThat(List.of(index(a), index(b), index(c))).containsExactly(1, 2, 3);
    assertThat(List.of(generation(a), generation(b), generation(c))).containsExactly(1, 1, 1);

    h.remove(h.root(), "c");
    h.remove(h.root(), "a");
    nfs_fh3 d = h.newFile(h.root(), "d", 0644);
    assertThat(hex(d)).isEqualTo("42465433" + "00000001" + "00000001" + "00000002");
    assertThat(fileid(d)).isEqualTo((2L << 32) | 1);
    assertThat(Attrs.of(h.getattr(d).resok.obj_attributes).fileid()).isEqualTo((2L << 32) | 1);
    assertThat(h.getattr(a).status).isEqualTo(nfsstat3.NFS3ERR_STALE);

    nfs_fh3 e = h.newDir(h.root(), "e", 0755);
    assertThat(index(e)).isEqualTo(3);
    assertThat(generation(e)).isEqualTo(2);
    assertThat(h.readlink(c).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    assertThat(index(f)).isEqualTo(4);
    assertThat(generation(f)).isEqualTo(1);
  }

  @Test
  void generationsKeepGrowingOnEveryReuse() {
    List<nfs_fh3> old = new ArrayList<>();
    for (int gen = 1; gen <= 5; gen++) {
      nfs_fh3 d = h.newDir(h.root(), "d", 0755);
      assertThat(index(d)).isEqualTo(1);
      assertThat(generation(d)).isEqualTo(gen);
      for (nfs_fh3 o : old) {
        assertThat(h.getattr(o).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
      }
      old.add(d);
      h.rmdir(h.root(), "d");
    }
  }

  @Test
  void independentInstancesHandOutIdenticalHandles() {
    SpecHarness other = new SpecHarness(SpecConfig.defaults().withCapacity(CAPACITY));
    for (SpecHarness x : List.of(h, other)) {
      x.newFile(x.root(), "a", 0644);
      x.newDir(x.root(), "b", 0755);
      x.remove(x.root(), "a");
    }
    assertThat(h.newFile(h.root(), "c", 0600).data)
        .isEqualTo(other.newFile(other.root(), "c", 0600).data);
  }

  @Test
  void handlesOfAnotherExportAreBadhandle() {
    SpecConfig.Builder b = SpecConfig.defaults().withCapacity(CAPACITY).toBuilder();
    b.exportId = 2;
    SpecHarness other = new SpecHarness(b.build());
    nfs_fh3 foreign = other.newFile(other.root(), "f", 0644);
    h.newFile(h.root(), "f", 0644);
    assertThat(hex(other.root())).startsWith("42465433" + "00000002");
    assertThat(h.getattr(foreign).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(h.getattr(other.root()).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(other.getattr(h.root()).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
  }

  // ---- BADHANDLE and STALE for every procedure -----------------------------------------------

  @ParameterizedTest
  @EnumSource(value = Procedure.class, names = "NULL", mode = EnumSource.Mode.EXCLUDE)
  void malformedHandlesAreBadhandleWithNoAttributes(Procedure p) {
    h.newFile(h.root(), "x", 0644);
    for (nfs_fh3 bad : malformed(h.root())) {
      Snapshot s = Facts.snapshot(h);
      NfsReply r = h.call(p, Calls.args(p, bad, bad));
      assertThat(r.outcome()).isEqualTo(NfsReply.Outcome.SUCCESS);
      assertThat(r.result())
          .as("%s with handle %s", p, hex(bad))
          .isEqualTo(p.failureResult(nfsstat3.NFS3ERR_BADHANDLE));
      s.assertUnchanged();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Procedure.class, names = "NULL", mode = EnumSource.Mode.EXCLUDE)
  void handlesOfObjectsThatNoLongerExistAreStaleWithNoAttributes(Procedure p) {
    for (nfs_fh3 gone : stale()) {
      Snapshot s = Facts.snapshot(h);
      NfsReply r = h.call(p, Calls.args(p, gone, gone));
      assertThat(r.result())
          .as("%s with handle %s", p, hex(gone))
          .isEqualTo(p.failureResult(nfsstat3.NFS3ERR_STALE));
      s.assertUnchanged();
    }
  }

  @Test
  void aStaleHandleOfAnotherExportIsStillBadhandle() {
    nfs_fh3 gone = stale().get(0);
    assertThat(h.getattr(withWord(gone, 4, 9)).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
  }

  @Test
  void handleErrorsComeBeforeNameErrors() {
    nfs_fh3 gone = stale().get(0);
    nfs_fh3 bad = withWord(h.root(), 0, 7);
    String tooLong = "x".repeat(300);
    assertThat(h.lookup(bad, tooLong).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(h.lookup(gone, "").status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.create(gone, tooLong, 0644).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.mkdir(bad, ".", 0755).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(h.remove(gone, ".").status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.rmdir(bad, "..").status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(h.symlink(gone, "l", "").status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.readdir(gone, 12345, 0).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.write(bad, -1, new byte[0]).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
  }

  @Test
  void aBadSecondHandleIsReportedWithTheFirstsAttributes() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newFile(d, "x", 0644);
    nfs_fh3 gone = stale().get(0);
    nfs_fh3 bad = withWord(d, 4, 3);

    LINK3res link = h.link(f, gone, "y");
    assertThat(link.status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(Attrs.of(link.resfail.file_attributes))
        .isEqualTo(Attrs.of(h.getattr(f).resok.obj_attributes));
    assertThat(link.resfail.linkdir_wcc.after.attributes_follow).isFalse();
    assertThat(h.link(f, bad, "y").status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);

    RENAME3res rename = h.rename(d, "x", bad, "y");
    assertThat(rename.status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(Attrs.of(rename.resfail.fromdir_wcc.after))
        .isEqualTo(Attrs.of(h.getattr(d).resok.obj_attributes));
    assertThat(rename.resfail.todir_wcc.after.attributes_follow).isFalse();
    assertThat(h.rename(d, "x", gone, "y").status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(h.lookup(d, "x").status).isEqualTo(nfsstat3.NFS3_OK);
  }
}
