package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.junit.jupiter.api.Test;

/**
 * The read-only procedures (RFC 1813 GETATTR §3.3.1, LOOKUP §3.3.3, ACCESS §3.3.4, READLINK §3.3.5,
 * READ §3.3.6, READDIR §3.3.16, READDIRPLUS §3.3.17, FSSTAT/FSINFO/PATHCONF §3.3.18–3.3.20) never
 * change the abstract state — no atime on read — and announce no entry through {@code modify}, so
 * that replicas can run them on the read-only path (paper §2.2) while checkpoints stay exact.
 * Checked on a populated state, for successes and failures, as several callers, by comparing the
 * state and its canonical encodings (paper §3.1) before and after.
 */
class ReadOnlyProceduresTest {

  private static final Set<Procedure> READ_ONLY =
      EnumSet.of(
          Procedure.NULL,
          Procedure.GETATTR,
          Procedure.LOOKUP,
          Procedure.ACCESS,
          Procedure.READLINK,
          Procedure.READ,
          Procedure.READDIR,
          Procedure.READDIRPLUS,
          Procedure.FSSTAT,
          Procedure.FSINFO,
          Procedure.PATHCONF);

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  @Test
  void exactlyTheseProceduresAreMarkedReadOnly() {
    for (Procedure p : Procedure.values()) {
      assertThat(p.readOnly()).as("%s", p).isEqualTo(READ_ONLY.contains(p));
      assertThat(new NfsCall(p.number(), h.caller, new byte[0]).readOnly())
          .isEqualTo(READ_ONLY.contains(p));
    }
    assertThat(new NfsCall(22, h.caller, new byte[0]).readOnly()).isFalse();
  }

  @Test
  void readOnlyProceduresChangeNothingOnAPopulatedState() {
    h.as(1000, 100);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    nfs_fh3 f = h.newFile(d, "f", 0640);
    h.write(f, 0, bytes("some data"));
    h.write(f, 20_000, bytes("sparse"));
    h.link(f, d, "hard");
    nfs_fh3 l = h.symlink(d, "l", "f").resok.obj.handle;
    nfs_fh3 closed = h.newDir(d, "closed", 0);
    for (int i = 0; i < 12; i++) {
      h.newFile(d, "n" + i, 0644);
    }
    long removedCookie =
        Facts.entries(h.readdir(d, 0, 4096)).stream()
            .filter(e -> e.name().equals("n3"))
            .findFirst()
            .orElseThrow()
            .cookie();
    h.remove(d, "n3");
    nfs_fh3 gone = h.newFile(d, "gone", 0644);
    h.remove(d, "gone");
    nfs_fh3 bad = Facts.withWord(d, 0, 1);
    List<nfs_fh3> handles = List.of(h.root(), d, f, l, closed, gone, bad);

    Snapshot s = Facts.snapshot(h);
    int calls = 0;
    for (int[] who : new int[][] {{0, 0}, {1000, 100}, {1001, 100}, {2000, 200}, {-1, -1}}) {
      if (who[0] < 0) {
        h.anonymous();
      } else {
        h.as(who[0], who[1]);
      }
      for (nfs_fh3 fh : handles) {
        h.getattr(fh);
        h.access(fh, 63);
        h.readlink(fh);
        h.read(fh, 0, 100);
        h.read(fh, 19_990, 1 << 20);
        h.read(fh, 1L << 40, 10);
        h.readdir(fh, 0, 4096);
        h.readdir(fh, 0, 120);
        h.readdir(fh, removedCookie, 4096);
        h.readdir(fh, 9999, 4096);
        h.readdirplus(fh, 0, 4096, 8192);
        h.readdirplus(fh, 2, 10, 8192);
        h.fsstat(fh);
        h.fsinfo(fh);
        h.pathconf(fh);
        for (String name : new String[] {"f", "hard", ".", "..", "missing", "", "a/b", "closed"}) {
          h.lookup(fh, name);
        }
        calls += 23;
      }
      h.callRaw(Procedure.NULL.number(), new byte[0]);
    }
    assertThat(calls).isEqualTo(5 * 7 * 23);
    s.assertUnchanged();
    assertThat(s.announced()).as("entries announced by read-only procedures").isEmpty();
  }

  @Test
  void readingDoesNotTouchAtime() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    h.write(f, 0, bytes("abc"));
    var before = h.getattr(f).resok.obj_attributes.atime;
    for (int i = 0; i < 3; i++) {
      h.read(f, 0, 3);
      h.readdirplus(h.root(), 0, 4096, 8192);
      h.lookup(h.root(), "f");
    }
    var after = h.getattr(f).resok.obj_attributes.atime;
    assertThat(Facts.Time.of(after)).isEqualTo(Facts.Time.of(before));
  }
}
