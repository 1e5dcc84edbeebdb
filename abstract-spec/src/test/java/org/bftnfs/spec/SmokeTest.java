package org.bftnfs.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void createWriteReadList() {
    SpecHarness h = new SpecHarness();
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(d, "f", 0644);
    assertThat(h.write(f, 0, SpecHarness.bytes("hello")).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(new String(h.read(f, 0, 100).resok.data)).isEqualTo("hello");
    assertThat(h.readdir(d, 0, 4096).resok.reply.entries.nextentry.nextentry.name)
        .isEqualTo(SpecHarness.bytes("f"));
    assertThat(h.lookup(h.root(), "nope").status).isEqualTo(nfsstat3.NFS3ERR_NOENT);
  }
}
