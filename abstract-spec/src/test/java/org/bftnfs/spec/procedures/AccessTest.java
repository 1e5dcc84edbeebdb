package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.bytes;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.xdr.nfs.ACCESS3res;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * ACCESS (RFC 1813 §3.3.4) and the caller identity rules behind every permission check: AUTH_SYS
 * uid/gid/supplementary gids, AUTH_NONE as the anonymous user, root squash, the owner/group/other
 * class chosen first, and root's execute rule. The granted bits come from the abstract mode only
 * (paper §3.1: the specification, never a backend, decides).
 */
class AccessTest {

  private static final int READ = 1;
  private static final int LOOKUP = 2;
  private static final int MODIFY = 4;
  private static final int EXTEND = 8;
  private static final int DELETE = 16;
  private static final int EXECUTE = 32;
  private static final int ALL = 63;

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int CAROL = 1002;
  private static final int STAFF = 100;
  private static final int OTHERS = 200;
  private static final int ANON = 65534;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(64).withRoot(0777, 0, 0));

  private nfs_fh3 aliceFile(String name, int mode) {
    h.as(ALICE, STAFF);
    return h.newFile(h.root(), name, mode);
  }

  private nfs_fh3 aliceDir(String name, int mode) {
    h.as(ALICE, STAFF);
    return h.newDir(h.root(), name, mode);
  }

  private int granted(nfs_fh3 fh, int asked) {
    ACCESS3res r = h.access(fh, asked);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    return r.resok.access;
  }

  @Test
  void fileBitsMapToReadModifyExtendExecute() {
    nfs_fh3 rw = aliceFile("rw", 0600);
    nfs_fh3 rx = aliceFile("rx", 0500);
    nfs_fh3 none = aliceFile("none", 0);
    assertThat(granted(rw, ALL)).isEqualTo(READ | MODIFY | EXTEND);
    assertThat(granted(rx, ALL)).isEqualTo(READ | EXECUTE);
    assertThat(granted(none, ALL)).isZero();
  }

  @Test
  void directoryBitsMapToReadLookupModifyExtendDelete() {
    nfs_fh3 d = aliceDir("d", 0751);
    assertThat(granted(d, ALL)).isEqualTo(READ | LOOKUP | MODIFY | EXTEND | DELETE);
    h.as(BOB, STAFF);
    assertThat(granted(d, ALL)).isEqualTo(READ | LOOKUP);
    h.as(CAROL, OTHERS);
    assertThat(granted(d, ALL)).isEqualTo(LOOKUP);
  }

  @Test
  void symbolicLinksAreNotDirectories() {
    h.as(ALICE, STAFF);
    nfs_fh3 l = h.symlink(h.root(), "l", "t").resok.obj.handle;
    assertThat(granted(l, ALL)).isEqualTo(READ | MODIFY | EXTEND | EXECUTE);
  }

  @Test
  void onlyRequestedBitsAreAnswered() {
    nfs_fh3 d = aliceDir("d", 0777);
    assertThat(granted(d, READ | DELETE)).isEqualTo(READ | DELETE);
    assertThat(granted(d, 0)).isZero();
    assertThat(granted(d, 0xffff_ffc0 | READ)).isEqualTo(READ);
    nfs_fh3 f = aliceFile("f", 0777);
    assertThat(granted(f, LOOKUP | DELETE)).isZero();
  }

  @Test
  void resultCarriesTheObjectsAttributesAndChangesNothing() {
    nfs_fh3 f = aliceFile("f", 0640);
    Snapshot s = Facts.snapshot(h);
    ACCESS3res r = h.access(f, ALL);
    assertThat(Attrs.of(r.resok.obj_attributes))
        .isEqualTo(Attrs.of(h.getattr(f).resok.obj_attributes));
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void theOwnerClassIsChosenFirstThenGroupThenOther() {
    nfs_fh3 f = aliceFile("f", 0046);
    h.as(ALICE, STAFF);
    assertThat(granted(f, ALL)).as("owner: ---").isZero();
    h.as(BOB, STAFF);
    assertThat(granted(f, ALL)).as("group: r--").isEqualTo(READ);
    h.as(CAROL, OTHERS);
    assertThat(granted(f, ALL)).as("other: rw-").isEqualTo(READ | MODIFY | EXTEND);
    h.as(CAROL, OTHERS, 5, STAFF);
    assertThat(granted(f, ALL)).as("supplementary group: r--").isEqualTo(READ);
  }

  @Test
  void rootReadsAndWritesEverythingButExecutesOnlyWithSomeExecuteBit() {
    nfs_fh3 none = aliceFile("none", 0);
    nfs_fh3 otherX = aliceFile("ox", 0001);
    nfs_fh3 dir = aliceDir("d", 0);
    h.as(0, 0);
    assertThat(granted(none, ALL)).isEqualTo(READ | MODIFY | EXTEND);
    assertThat(granted(otherX, ALL)).isEqualTo(READ | MODIFY | EXTEND | EXECUTE);
    assertThat(granted(dir, ALL)).isEqualTo(READ | LOOKUP | MODIFY | EXTEND | DELETE);
  }

  @Test
  void rootsExecuteRuleAppliesToReadAndWriteOperationsToo() {
    nfs_fh3 f = aliceFile("f", 0);
    h.write(f, 0, bytes("x"));
    h.as(0, 0);
    assertThat(h.read(f, 0, 10).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(h.write(f, 0, bytes("y")).status).isEqualTo(nfsstat3.NFS3_OK);
  }

  @Test
  void authNoneIsTheAnonymousUser() {
    h.anonymous();
    nfs_fh3 mine = h.newFile(h.root(), "anon", 0600);
    Attrs a = Attrs.of(h.getattr(mine).resok.obj_attributes);
    assertThat(a.uid()).isEqualTo(ANON);
    assertThat(a.gid()).isEqualTo(ANON);
    assertThat(granted(mine, ALL)).isEqualTo(READ | MODIFY | EXTEND);

    nfs_fh3 alices = aliceFile("f", 0604);
    h.anonymous();
    assertThat(granted(alices, ALL)).as("other class").isEqualTo(READ);
    assertThat(h.write(alices, 0, bytes("x")).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
  }

  @Test
  void theAnonymousUserIsConfigured() {
    SpecConfig.Builder b = SpecConfig.defaults().withCapacity(16).withRoot(0777, 0, 0).toBuilder();
    b.anonUid = 99;
    b.anonGid = 98;
    b.rootSquash = true;
    SpecHarness other = new SpecHarness(b.build());
    other.anonymous();
    Attrs anon =
        Attrs.of(other.getattr(other.newFile(other.root(), "a", 0644)).resok.obj_attributes);
    assertThat(anon.uid()).isEqualTo(99);
    assertThat(anon.gid()).isEqualTo(98);
    other.as(0, 0);
    Attrs squashed =
        Attrs.of(other.getattr(other.newFile(other.root(), "s", 0644)).resok.obj_attributes);
    assertThat(squashed.uid()).isEqualTo(99);
    assertThat(squashed.gid()).isEqualTo(98);
  }

  @Test
  void rootSquashMakesRootTheAnonymousUser() {
    SpecHarness sq =
        new SpecHarness(
            SpecConfig.defaults().withCapacity(16).withRoot(0777, 0, 0).withRootSquash(true));
    sq.as(ALICE, STAFF);
    nfs_fh3 alices = sq.newFile(sq.root(), "f", 0600);
    sq.as(0, 0);
    assertThat(sq.access(alices, ALL).resok.access).isZero();
    assertThat(sq.read(alices, 0, 1).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(sq.setattr(alices, SpecHarness.mode(0777)).status).isEqualTo(nfsstat3.NFS3ERR_PERM);
    nfs_fh3 squashed = sq.newFile(sq.root(), "g", 0600);
    Attrs a = Attrs.of(sq.getattr(squashed).resok.obj_attributes);
    assertThat(a.uid()).isEqualTo(ANON);
    assertThat(a.gid()).isEqualTo(ANON);
    assertThat(sq.access(squashed, ALL).resok.access).isEqualTo(READ | MODIFY | EXTEND);

    sq.as(ALICE, 0);
    nfs_fh3 wheel = sq.newFile(sq.root(), "w", 0060);
    sq.as(BOB, 0);
    assertThat(sq.access(wheel, ALL).resok.access)
        .as("only uid 0 is squashed, not gid 0")
        .isEqualTo(READ | MODIFY | EXTEND);
  }

  @Test
  void withoutSquashRootIsRoot() {
    nfs_fh3 alices = aliceFile("f", 0600);
    h.as(0, 0);
    assertThat(granted(alices, ALL)).isEqualTo(READ | MODIFY | EXTEND);
  }

  @Test
  void grantedBitsAgreeWithReadAndWriteOutcomes() {
    int[] modes = {0, 0400, 0200, 0600, 0040, 0020, 0004, 0002, 0640, 0462, 0777};
    int[][] callers = {{ALICE, STAFF}, {BOB, STAFF}, {CAROL, OTHERS}, {0, 0}};
    for (int i = 0; i < modes.length; i++) {
      nfs_fh3 f = aliceFile("f" + i, modes[i]);
      for (int[] c : callers) {
        h.as(c[0], c[1]);
        int g = granted(f, ALL);
        String what = "mode " + Integer.toOctalString(modes[i]) + " uid " + c[0];
        assertThat(h.read(f, 0, 1).status == nfsstat3.NFS3_OK)
            .as("READ " + what)
            .isEqualTo((g & READ) != 0);
        assertThat(h.write(f, 0, new byte[0]).status == nfsstat3.NFS3_OK)
            .as("WRITE " + what)
            .isEqualTo((g & MODIFY) != 0);
      }
    }
  }

  @Test
  void staleAndBadHandlesGiveNoAttributes() {
    nfs_fh3 f = aliceFile("f", 0644);
    h.remove(h.root(), "f");
    ACCESS3res r = h.access(f, ALL);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_STALE);
    assertThat(r.resfail.obj_attributes.attributes_follow).isFalse();
  }
}
