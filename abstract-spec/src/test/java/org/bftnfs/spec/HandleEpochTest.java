package org.bftnfs.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * Handles across a restart of an export that starts empty (the in-memory {@code serve}): each start
 * is a fresh state, in which the first file gets the same oid as the first file of the previous
 * run. With a new handle epoch an old handle is STALE; with the same epoch (what every export whose
 * objects survive a restart uses) it names the same oid.
 */
class HandleEpochTest {

  private static final SpecConfig BASE = SpecConfig.defaults().withCapacity(64);

  private static nfs_fh3 firstFile(SpecHarness run, String name) {
    return run.create(run.root(), name, 0644).resok.obj.handle;
  }

  @Test
  void aHandleFromAnEarlierEpochIsStaleEvenWhenItsOidIsReused() {
    SpecHarness before = new SpecHarness(BASE.withHandleEpoch(0x1234));
    nfs_fh3 old = firstFile(before, "deleted-later");
    nfs_fh3 oldRoot = before.root();

    SpecHarness after = new SpecHarness(BASE.withHandleEpoch(0x5678));
    nfs_fh3 fresh = firstFile(after, "new-file");
    assertThat(fresh.data).isNotEqualTo(old.data);
    assertThat(after.getattr(fresh).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(after.getattr(old).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(after.getattr(oldRoot).status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(after.getattr(after.root()).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void theSameEpochKeepsHandlesValidOnTheSameOids() {
    SpecHarness before = new SpecHarness(BASE);
    nfs_fh3 old = firstFile(before, "kept");
    SpecHarness after = new SpecHarness(BASE);
    nfs_fh3 again = firstFile(after, "kept");
    assertThat(again.data).isEqualTo(old.data);
    assertThat(after.getattr(old).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void epochZeroIsThePlainOidFormat() {
    Oid oid = new Oid(5, 3);
    FileHandles plain = new FileHandles(1);
    FileHandles zero = new FileHandles(1, 0);
    assertThat(zero.encode(oid)).isEqualTo(plain.encode(oid));
    FileHandles other = new FileHandles(1, 0x77);
    assertThat(other.decode(other.encode(oid), 64)).isEqualTo(oid);
    assertThat(other.decode(plain.encode(oid), 64)).isNotEqualTo(oid);
  }
}
