package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;
import static org.bftnfs.spec.SpecHarness.size;

import java.util.Arrays;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.procedures.Facts.Time;
import org.bftnfs.spec.procedures.Facts.Wcc;
import org.bftnfs.xdr.nfs.COMMIT3res;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.WRITE3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.stable_how;
import org.junit.jupiter.api.Test;

/**
 * READ (RFC 1813 §3.3.6), WRITE (§3.3.7) and COMMIT (§3.3.21) of the reference implementation: a
 * file is a byte array (paper §3.1) with holes reading as zeros; READ never changes the state (no
 * atime); every WRITE is committed FILE_SYNC with a write verifier that is a constant of the export
 * and so identical on every replica; the size limits give FBIG and NOSPC.
 */
class ReadWriteCommitTest {

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int STAFF = 100;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private nfs_fh3 fileWith(String content) {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.write(f, 0, bytes(content));
    return f;
  }

  private Attrs attrs(nfs_fh3 fh) {
    return Attrs.of(h.getattr(fh).resok.obj_attributes);
  }

  private static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  // ---- READ ----------------------------------------------------------------------------------

  @Test
  void readReturnsTheBytesTheAttributesAndEof() {
    nfs_fh3 f = fileWith("hello world");
    Snapshot s = Facts.snapshot(h);
    READ3res r = h.read(f, 6, 100);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.data).isEqualTo(bytes("world"));
    assertThat(r.resok.count).isEqualTo(5);
    assertThat(r.resok.eof).isTrue();
    assertThat(Attrs.of(r.resok.file_attributes)).isEqualTo(attrs(f));
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void shortReadsAreNotEofUntilTheEndIsReached() {
    nfs_fh3 f = fileWith("0123456789");
    READ3res first = h.read(f, 0, 4);
    assertThat(first.resok.data).isEqualTo(bytes("0123"));
    assertThat(first.resok.eof).isFalse();
    READ3res exact = h.read(f, 4, 6);
    assertThat(exact.resok.data).isEqualTo(bytes("456789"));
    assertThat(exact.resok.eof).as("reply reaches the end").isTrue();
    READ3res none = h.read(f, 0, 0);
    assertThat(none.resok.count).isZero();
    assertThat(none.resok.eof).isFalse();
  }

  @Test
  void readsAtOrBeyondTheEndAreEmptyAndEof() {
    nfs_fh3 f = fileWith("abc");
    for (long offset : new long[] {3, 4, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1L}) {
      READ3res r = h.read(f, offset, 10);
      assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
      assertThat(r.resok.data).as("offset %s", Long.toUnsignedString(offset)).isEmpty();
      assertThat(r.resok.count).isZero();
      assertThat(r.resok.eof).isTrue();
    }
    nfs_fh3 empty = h.newFile(h.root(), "empty", 0644);
    assertThat(h.read(empty, 0, 0).resok.eof).isTrue();
  }

  @Test
  void readCountIsCappedAtMaxTransfer() {
    SpecHarness small =
        new SpecHarness(Facts.withMaxTransfer(SpecConfig.defaults().withCapacity(8), 4096));
    nfs_fh3 f = small.newFile(small.root(), "f", 0644);
    byte[] content = pattern(10_000, 3);
    small.write(f, 0, Arrays.copyOfRange(content, 0, 4096));
    small.write(f, 4096, Arrays.copyOfRange(content, 4096, 8192));
    small.write(f, 8192, Arrays.copyOfRange(content, 8192, 10_000));
    READ3res r = small.read(f, 100, -1);
    assertThat(r.resok.count).isEqualTo(4096);
    assertThat(r.resok.data).isEqualTo(Arrays.copyOfRange(content, 100, 4196));
    assertThat(r.resok.eof).isFalse();
    READ3res tail = small.read(f, 8000, 100_000);
    assertThat(tail.resok.data).isEqualTo(Arrays.copyOfRange(content, 8000, 10_000));
    assertThat(tail.resok.eof).isTrue();
  }

  @Test
  void readOfANonFileIsIsdirOrInval() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 l = h.symlink(h.root(), "l", "x").resok.obj.handle;
    READ3res r = h.read(d, 0, 10);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(Attrs.of(r.resfail.file_attributes)).isEqualTo(attrs(d));
    assertThat(h.read(l, 0, 10).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }

  @Test
  void readNeedsReadPermission() {
    h.as(ALICE, STAFF);
    nfs_fh3 f = h.newFile(h.root(), "f", 0200);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.read(f, 0, 1).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.as(BOB, STAFF);
    assertThat(h.read(f, 0, 1).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
  }

  @Test
  void typeErrorsWinOverAcces() {
    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0);
    h.as(BOB, STAFF);
    assertThat(h.read(d, 0, 1).status).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(h.write(d, 0, bytes("x")).status).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
  }

  // ---- WRITE ---------------------------------------------------------------------------------

  @Test
  void writeIsAlwaysFileSyncWithWccAndAgreedTimes() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    for (int stable : new int[] {stable_how.UNSTABLE, stable_how.DATA_SYNC, stable_how.FILE_SYNC}) {
      Attrs before = attrs(f);
      Time now = Time.of(h.nextTime());
      WRITE3res r = h.write(f, before.size(), 3, stable, bytes("abc"));
      assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
      assertThat(r.resok.count).isEqualTo(3);
      assertThat(r.resok.committed).isEqualTo(stable_how.FILE_SYNC);
      assertThat(Wcc.of(r.resok.file_wcc.before)).isEqualTo(before.wcc());
      Attrs after = Attrs.of(r.resok.file_wcc.after);
      assertThat(after.size()).isEqualTo(before.size() + 3);
      assertThat(after.used()).isEqualTo(before.size() + 3);
      assertThat(after.mtime()).isEqualTo(now);
      assertThat(after.ctime()).isEqualTo(now);
      assertThat(after.atime()).isEqualTo(before.atime());
    }
    assertThat(h.read(f, 0, 100).resok.data).isEqualTo(bytes("abcabcabc"));
  }

  @Test
  void overwritesAcrossBlockBoundariesReadBack() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    byte[] a = pattern(9000, 1);
    byte[] b = pattern(5000, 7);
    h.write(f, 0, a);
    h.write(f, 4000, b);
    byte[] expected = a.clone();
    System.arraycopy(b, 0, expected, 4000, b.length);
    assertThat(h.read(f, 0, 20_000).resok.data).isEqualTo(expected);
    assertThat(attrs(f).size()).isEqualTo(9000);
  }

  @Test
  void sparseWritesReadBackZeros() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.write(f, 10_000, bytes("tail"));
    Attrs a = attrs(f);
    assertThat(a.size()).isEqualTo(10_004);
    assertThat(a.used()).isEqualTo(10_004);
    byte[] all = h.read(f, 0, 20_000).resok.data;
    assertThat(all).hasSize(10_004);
    assertThat(Arrays.copyOfRange(all, 0, 10_000)).containsOnly(0);
    assertThat(Arrays.copyOfRange(all, 10_000, 10_004)).isEqualTo(bytes("tail"));

    h.write(f, 1, bytes("x"));
    assertThat(h.read(f, 0, 3).resok.data).isEqualTo(new byte[] {0, 'x', 0});
  }

  @Test
  void readsAndWritesAtEightTebibytesAreAnswered() {
    SpecHarness big =
        new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(1L << 62, 1L << 50));
    nfs_fh3 f = big.newFile(big.root(), "f", 0644);
    nfs_fh3 g = big.newFile(big.root(), "g", 0644);
    long far = 1L << 43;
    assertThat(big.setattr(g, size(1L << 44)).status).isEqualTo(nfsstat3.NFS3_OK);
    READ3res hole = big.read(g, far, 8);
    assertThat(hole.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(hole.resok.data).isEqualTo(new byte[8]);
    assertThat(big.write(f, far, bytes("tail")).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(big.read(f, far, 8).resok.data).isEqualTo(bytes("tail"));
  }

  @Test
  void farSparseWritesLeaveTheStartOfTheFileAlone() {
    SpecHarness big =
        new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(1L << 62, 1L << 50));
    nfs_fh3 f = big.newFile(big.root(), "f", 0644);
    big.write(f, 0, bytes("head"));
    long far = 1L << 44;
    assertThat(big.write(f, far, bytes("tail")).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(big.read(f, 0, 4).resok.data).isEqualTo(bytes("head"));
    assertThat(big.read(f, far - 4, 8).resok.data)
        .isEqualTo(new byte[] {0, 0, 0, 0, 't', 'a', 'i', 'l'});
    assertThat(Attrs.of(big.getattr(f).resok.obj_attributes).size()).isEqualTo(far + 4);
  }

  @Test
  void theWriteVerifierIsIdenticalAcrossIndependentInstancesAndCommit() {
    SpecHarness other =
        new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));
    nfs_fh3 f1 = h.newFile(h.root(), "f", 0644);
    other.newDir(other.root(), "unrelated", 0755);
    nfs_fh3 f2 = other.newFile(other.root(), "g", 0644);
    byte[] v1 = h.write(f1, 0, bytes("one")).resok.verf;
    byte[] v2 = other.write(f2, 7, bytes("two two")).resok.verf;
    assertThat(v1).hasSize(8).isEqualTo(v2);
    assertThat(h.write(f1, 100, bytes("again")).resok.verf).isEqualTo(v1);
    assertThat(h.commit(f1).resok.verf).isEqualTo(v1);
    assertThat(other.commit(f2).resok.verf).isEqualTo(v1);
  }

  @Test
  void aZeroByteWriteChangesNothing() {
    nfs_fh3 f = fileWith("abc");
    Snapshot s = Facts.snapshot(h);
    WRITE3res r = h.write(f, 1, new byte[0]);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.count).isZero();
    assertThat(r.resok.committed).isEqualTo(stable_how.FILE_SYNC);
    assertThat(Wcc.of(r.resok.file_wcc.before)).isEqualTo(Attrs.of(r.resok.file_wcc.after).wcc());
    assertThat(h.write(f, 1000, new byte[0]).status).isEqualTo(nfsstat3.NFS3_OK);
    s.assertUnchanged();
  }

  @Test
  void aZeroByteWriteBeyondTheEndNeedsNoSpace() {
    SpecHarness small = new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(50, 1000));
    nfs_fh3 f = small.newFile(small.root(), "f", 0644);
    Snapshot s = Facts.snapshot(small);
    WRITE3res r = small.write(f, 100, new byte[0]);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.count).isZero();
    s.assertUnchanged();
  }

  @Test
  void countMustMatchTheDataAndStayWithinMaxTransfer() {
    SpecHarness small =
        new SpecHarness(Facts.withMaxTransfer(SpecConfig.defaults().withCapacity(8), 4096));
    nfs_fh3 f = small.newFile(small.root(), "f", 0644);
    Snapshot s = Facts.snapshot(small);
    WRITE3res r = small.write(f, 0, 2, stable_how.FILE_SYNC, bytes("abc"));
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(r.resfail.file_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(r.resfail.file_wcc.after).size()).isZero();
    assertThat(small.write(f, 0, 4, stable_how.FILE_SYNC, bytes("abc")).status)
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(small.write(f, 0, new byte[4097]).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
    s.assertUnchanged();
    assertThat(small.write(f, 0, new byte[4096]).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void writeOfANonFileIsIsdirOrInvalBeforeCountChecks() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 l = h.symlink(h.root(), "l", "x").resok.obj.handle;
    assertThat(h.write(d, 0, 5, stable_how.FILE_SYNC, bytes("x")).status)
        .isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(h.write(l, 0, bytes("x")).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }

  @Test
  void writeNeedsWritePermissionAndInvalWinsOverAcces() {
    h.as(ALICE, STAFF);
    nfs_fh3 f = h.newFile(h.root(), "f", 0464);
    Snapshot s = Facts.snapshot(h);
    assertThat(h.write(f, 0, bytes("x")).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(h.write(f, 0, 9, stable_how.FILE_SYNC, bytes("x")).status)
        .isEqualTo(nfsstat3.NFS3ERR_INVAL);
    assertThat(h.write(f, -1, bytes("x")).status)
        .as("ACCES before FBIG")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    s.assertUnchanged();
    h.as(BOB, STAFF);
    assertThat(h.write(f, 0, bytes("x")).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void writesBeyondMaxFileSizeAreFbig() {
    SpecHarness small =
        new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(1000, 100));
    nfs_fh3 f = small.newFile(small.root(), "f", 0644);
    Snapshot s = Facts.snapshot(small);
    assertThat(small.write(f, 100, bytes("x")).status).isEqualTo(nfsstat3.NFS3ERR_FBIG);
    assertThat(small.write(f, 90, new byte[11]).status).isEqualTo(nfsstat3.NFS3ERR_FBIG);
    assertThat(small.write(f, Long.MIN_VALUE, bytes("x")).status).isEqualTo(nfsstat3.NFS3ERR_FBIG);
    assertThat(small.write(f, Long.MAX_VALUE, bytes("xy")).status)
        .as("offset + count overflows")
        .isEqualTo(nfsstat3.NFS3ERR_FBIG);
    assertThat(small.write(f, 101, new byte[0]).status)
        .as("documented: a zero-byte write succeeds at any offset and changes nothing")
        .isEqualTo(nfsstat3.NFS3_OK);
    s.assertUnchanged();
    assertThat(small.write(f, 99, bytes("x")).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Attrs.of(small.getattr(f).resok.obj_attributes).size()).isEqualTo(100);
  }

  @Test
  void writesBeyondMaxBytesAreNospcAndFbigWins() {
    SpecHarness small = new SpecHarness(SpecConfig.defaults().withCapacity(8).withLimits(50, 100));
    nfs_fh3 a = small.newFile(small.root(), "a", 0644);
    nfs_fh3 b = small.newFile(small.root(), "b", 0644);
    assertThat(small.write(a, 0, new byte[40]).status).isEqualTo(nfsstat3.NFS3_OK);
    Snapshot s = Facts.snapshot(small);
    assertThat(small.write(b, 0, new byte[11]).status).isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    assertThat(small.write(b, 10, bytes("x")).status)
        .as("sparse growth counts")
        .isEqualTo(nfsstat3.NFS3ERR_NOSPC);
    assertThat(small.write(b, 100, bytes("x")).status).isEqualTo(nfsstat3.NFS3ERR_FBIG);
    s.assertUnchanged();
    assertThat(small.write(b, 0, new byte[10]).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(small.write(a, 0, new byte[40]).status)
        .as("overwriting needs no space")
        .isEqualTo(nfsstat3.NFS3_OK);
    assertThat(small.write(a, 39, bytes("x")).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void writeAnnouncesTheFileOnly() {
    nfs_fh3 f = fileWith("abc");
    Snapshot s = Facts.snapshot(h);
    h.write(f, 5000, bytes("def"));
    assertThat(s.changed()).containsExactly(Facts.index(f));
    s.assertChangesAnnounced();
  }

  // ---- COMMIT --------------------------------------------------------------------------------

  @Test
  void commitChangesNothingAndReportsTheFile() {
    nfs_fh3 f = fileWith("abc");
    Snapshot s = Facts.snapshot(h);
    COMMIT3res r = h.commit(f);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    Attrs a = attrs(f);
    assertThat(Wcc.of(r.resok.file_wcc.before)).isEqualTo(a.wcc());
    assertThat(Attrs.of(r.resok.file_wcc.after)).isEqualTo(a);
    s.assertUnchanged();
  }

  @Test
  void commitOfANonFileIsIsdirOrInval() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 l = h.symlink(h.root(), "l", "x").resok.obj.handle;
    COMMIT3res r = h.commit(d);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_ISDIR);
    assertThat(r.resfail.file_wcc.before.attributes_follow).isFalse();
    assertThat(Attrs.of(r.resfail.file_wcc.after)).isEqualTo(attrs(d));
    assertThat(h.commit(l).status).isEqualTo(nfsstat3.NFS3ERR_INVAL);
  }
}
