package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.SpecHarness.size;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.xdr.nfs.FSINFO3res;
import org.bftnfs.xdr.nfs.FSSTAT3res;
import org.bftnfs.xdr.nfs.PATHCONF3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * FSSTAT (RFC 1813 §3.3.18), FSINFO (§3.3.19) and PATHCONF (§3.3.20) of the reference
 * implementation: every number comes from the configuration and the abstract state (paper §3.1 —
 * free space is the sum of abstract file sizes against {@code maxBytes}, free files the free
 * entries of the state array), never from a backend; none of them changes the state.
 */
class FsinfoFsstatPathconfTest {

  private static final long MAX_BYTES = 1_000_000;
  private static final int CAPACITY = 32;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(CAPACITY).withLimits(MAX_BYTES, 500_000));

  private FSSTAT3res fsstat() {
    FSSTAT3res r = h.fsstat(h.root());
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    return r;
  }

  /** Asserts the FSSTAT numbers for {@code used} bytes and {@code objects} live objects. */
  private void assertUsage(long used, int objects) {
    FSSTAT3res r = fsstat();
    assertThat(r.resok.tbytes).isEqualTo(MAX_BYTES);
    assertThat(r.resok.fbytes).as("fbytes").isEqualTo(MAX_BYTES - used);
    assertThat(r.resok.abytes).as("abytes").isEqualTo(MAX_BYTES - used);
    assertThat(r.resok.tfiles).isEqualTo(CAPACITY);
    assertThat(r.resok.ffiles).as("ffiles").isEqualTo(CAPACITY - objects);
    assertThat(r.resok.afiles).as("afiles").isEqualTo(CAPACITY - objects);
    assertThat(r.resok.invarsec).isZero();
  }

  @Test
  void fsstatOfTheInitialState() {
    Snapshot s = Facts.snapshot(h);
    FSSTAT3res r = fsstat();
    assertThat(Attrs.of(r.resok.obj_attributes))
        .isEqualTo(Attrs.of(h.getattr(h.root()).resok.obj_attributes));
    assertUsage(0, 1);
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void fsstatTracksFileBytesAndFreeEntries() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    assertUsage(0, 2);
    h.write(f, 0, new byte[100]);
    assertUsage(100, 2);
    h.write(f, 50, new byte[100]);
    assertUsage(150, 2);
    h.write(f, 10_000, bytes("x"));
    assertUsage(10_001, 2);
    h.setattr(f, size(20));
    assertUsage(20, 2);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.symlink(d, "l", "a-rather-long-target");
    assertUsage(20, 4);
    h.link(f, d, "g");
    assertUsage(20, 4);
    h.remove(h.root(), "f");
    assertUsage(20, 4);
    nfs_fh3 other = h.newFile(d, "other", 0644);
    h.write(other, 0, new byte[30]);
    assertUsage(50, 5);
    h.rename(d, "other", d, "g");
    assertUsage(30, 4);
    h.remove(d, "g");
    h.remove(d, "l");
    h.rmdir(h.root(), "d");
    assertUsage(0, 1);
  }

  @Test
  void fsstatAnswersForAnyLiveHandle() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.write(f, 0, new byte[7]);
    FSSTAT3res r = h.fsstat(f);
    assertThat(r.resok.fbytes).isEqualTo(MAX_BYTES - 7);
    assertThat(Attrs.of(r.resok.obj_attributes).fileid()).isEqualTo(Facts.fileid(f));
    h.remove(h.root(), "f");
    FSSTAT3res stale = h.fsstat(f);
    assertThat(stale.status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(stale.resfail.obj_attributes.attributes_follow).isFalse();
  }

  @Test
  void fsinfoReportsTheConfiguration() {
    Snapshot s = Facts.snapshot(h);
    FSINFO3res r = h.fsinfo(h.root());
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    int t = SpecConfig.defaults().maxTransfer();
    assertThat(t).isEqualTo(1 << 20);
    assertThat(new int[] {r.resok.rtmax, r.resok.rtpref, r.resok.wtmax, r.resok.wtpref})
        .containsOnly(t);
    assertThat(r.resok.rtmult).isEqualTo(4096);
    assertThat(r.resok.wtmult).isEqualTo(4096);
    assertThat(r.resok.dtpref).isEqualTo(64 * 1024);
    assertThat(r.resok.maxfilesize).isEqualTo(500_000);
    assertThat(r.resok.time_delta.seconds).isZero();
    assertThat(r.resok.time_delta.nseconds).isEqualTo(1);
    assertThat(r.resok.properties).isEqualTo(1 | 2 | 8 | 16);
    assertThat(Attrs.of(r.resok.obj_attributes))
        .isEqualTo(Attrs.of(h.getattr(h.root()).resok.obj_attributes));
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();

    SpecHarness small = new SpecHarness(Facts.withMaxTransfer(SpecConfig.defaults(), 8192));
    FSINFO3res sr = small.fsinfo(small.root());
    assertThat(new int[] {sr.resok.rtmax, sr.resok.rtpref, sr.resok.wtmax, sr.resok.wtpref})
        .containsOnly(8192);
    assertThat(sr.resok.maxfilesize).isEqualTo(1L << 40);
  }

  @Test
  void pathconfReportsTheLimits() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    Snapshot s = Facts.snapshot(h);
    PATHCONF3res r = h.pathconf(f);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.linkmax).isEqualTo(32000);
    assertThat(r.resok.name_max).isEqualTo(255);
    assertThat(r.resok.no_trunc).isTrue();
    assertThat(r.resok.chown_restricted).isTrue();
    assertThat(r.resok.case_insensitive).isFalse();
    assertThat(r.resok.case_preserving).isTrue();
    assertThat(Attrs.of(r.resok.obj_attributes))
        .isEqualTo(Attrs.of(h.getattr(f).resok.obj_attributes));
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void nameAndPathLimitsAreConfigured() {
    SpecConfig.Builder b = SpecConfig.defaults().withCapacity(16).toBuilder();
    b.maxNameLength = 8;
    b.maxPathLength = 16;
    SpecHarness small = new SpecHarness(b.build());
    assertThat(small.pathconf(small.root()).resok.name_max).isEqualTo(8);
    assertThat(small.create(small.root(), "n".repeat(9), 0644).status)
        .isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(small.lookup(small.root(), "n".repeat(9)).status)
        .isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(small.create(small.root(), "n".repeat(8), 0644).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(small.symlink(small.root(), "l", "t".repeat(17)).status)
        .isEqualTo(nfsstat3.NFS3ERR_NAMETOOLONG);
    assertThat(small.symlink(small.root(), "l", "t".repeat(16)).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void handleErrors() {
    nfs_fh3 bad = Facts.withWord(h.root(), 4, 99);
    assertThat(h.fsinfo(bad).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(h.pathconf(bad).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    assertThat(h.fsstat(bad).status).isEqualTo(nfsstat3.NFS3ERR_BADHANDLE);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.rmdir(h.root(), "d");
    FSINFO3res info = h.fsinfo(d);
    assertThat(info.status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(info.resfail.obj_attributes.attributes_follow).isFalse();
    PATHCONF3res conf = h.pathconf(d);
    assertThat(conf.status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(conf.resfail.obj_attributes.attributes_follow).isFalse();
  }
}
