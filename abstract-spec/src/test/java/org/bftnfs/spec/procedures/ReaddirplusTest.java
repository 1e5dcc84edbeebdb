package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.mode;
import static org.bftnfs.spec.procedures.Facts.fileid;
import static org.bftnfs.spec.procedures.Facts.names;

import java.util.ArrayList;
import java.util.List;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Listed;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * READDIRPLUS (RFC 1813 §3.3.17) of the reference implementation: the READDIR order and cookies
 * (paper §3.1 lexicographic order) with each entry's attributes and handle, {@code maxcount}
 * bounding the whole reply and {@code dircount} the fileid/name/cookie part, TOOSMALL and
 * BAD_COOKIE, the same precedence as READDIR, and no change to the state.
 */
class ReaddirplusTest {

  private static final int FIXED = 104;

  /** A full entryplus3 whose name has 1 to 4 bytes. */
  private static final int SHORT_ENTRY = 140;

  /** The dircount part (fileid, name, cookie) of an entry whose name has 1 to 4 bytes. */
  private static final int SHORT_DIR = 24;

  private static final int BIG = 1 << 20;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(1024).withRoot(0777, 0, 0));

  private nfs_fh3 dirWith(int n) {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    for (int i = 0; i < n; i++) {
      h.newFile(d, String.format("f%02d", i), 0644);
    }
    return d;
  }

  private READDIRPLUS3res readdirplus(nfs_fh3 dir, long cookie, int dircount, int maxcount) {
    READDIRPLUS3res r = h.readdirplus(dir, cookie, dircount, maxcount);
    if (r.status == nfsstat3.NFS3_OK) {
      assertThat(XdrCodec.encode(r.resok).length).as("reply size").isLessThanOrEqualTo(maxcount);
    }
    return r;
  }

  private List<Listed> listAll(nfs_fh3 dir, int dircount, int maxcount) {
    List<Listed> all = new ArrayList<>();
    long cookie = 0;
    while (true) {
      READDIRPLUS3res r = readdirplus(dir, cookie, dircount, maxcount);
      assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
      List<Listed> page = Facts.entries(r);
      all.addAll(page);
      if (r.resok.reply.eof) {
        return all;
      }
      assertThat(page).isNotEmpty();
      cookie = page.get(page.size() - 1).cookie();
    }
  }

  @Test
  void everyEntryCarriesItsAttributesAndHandle() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    nfs_fh3 f = h.newFile(d, "f", 0640);
    nfs_fh3 sub = h.newDir(d, "sub", 0700);
    nfs_fh3 l = h.symlink(d, "l", "f").resok.obj.handle;
    Snapshot s = Facts.snapshot(h);
    READDIRPLUS3res r = readdirplus(d, 0, BIG, BIG);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.reply.eof).isTrue();
    assertThat(r.resok.cookieverf).isEqualTo(new byte[8]);
    assertThat(Attrs.of(r.resok.dir_attributes))
        .isEqualTo(Attrs.of(h.getattr(d).resok.obj_attributes));
    nfs_fh3[] expected = {d, h.root(), f, l, sub};
    int i = 0;
    for (entryplus3 e = r.resok.reply.entries; e != null; e = e.nextentry, i++) {
      assertThat(e.name_handle.handle_follows).isTrue();
      assertThat(e.name_handle.handle.data).isEqualTo(expected[i].data);
      assertThat(Attrs.of(e.name_attributes))
          .isEqualTo(Attrs.of(h.getattr(expected[i]).resok.obj_attributes));
      assertThat(e.fileid).isEqualTo(fileid(expected[i]));
    }
    assertThat(i).isEqualTo(5);
    assertThat(names(Facts.entries(r))).containsExactly(".", "..", "f", "l", "sub");
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void entriesAndCookiesAgreeWithReaddir() {
    nfs_fh3 d = dirWith(25);
    h.remove(d, "f03");
    h.newFile(d, "F", 0644);
    h.newFile(d, "\u00e9t\u00e9", 0644);
    assertThat(Facts.entries(readdirplus(d, 0, BIG, BIG)))
        .containsExactlyElementsOf(Facts.entries(h.readdir(d, 0, BIG)));
  }

  @Test
  void maxcountIsTheExactSizeOfTheReply() {
    nfs_fh3 d = dirWith(3);
    READDIRPLUS3res one = readdirplus(d, 0, BIG, FIXED + SHORT_ENTRY);
    assertThat(names(Facts.entries(one))).containsExactly(".");
    assertThat(one.resok.reply.eof).isFalse();
    assertThat(XdrCodec.encode(one.resok)).hasSize(FIXED + SHORT_ENTRY);
    READDIRPLUS3res all = readdirplus(d, 0, BIG, FIXED + 5 * SHORT_ENTRY);
    assertThat(Facts.entries(all)).hasSize(5);
    assertThat(all.resok.reply.eof).isTrue();
    assertThat(XdrCodec.encode(all.resok)).hasSize(FIXED + 5 * SHORT_ENTRY);
    assertThat(Facts.entries(readdirplus(d, 0, BIG, FIXED + 5 * SHORT_ENTRY - 1))).hasSize(4);
  }

  @Test
  void dircountBoundsTheNamePartOnly() {
    nfs_fh3 d = dirWith(3);
    assertThat(names(Facts.entries(readdirplus(d, 0, SHORT_DIR, BIG)))).containsExactly(".");
    assertThat(names(Facts.entries(readdirplus(d, 0, 3 * SHORT_DIR - 1, BIG))))
        .containsExactly(".", "..");
    READDIRPLUS3res all = readdirplus(d, 0, 5 * SHORT_DIR, BIG);
    assertThat(Facts.entries(all)).hasSize(5);
    assertThat(all.resok.reply.eof).isTrue();
  }

  @Test
  void tooSmallForTheFirstEntryIsToosmall() {
    nfs_fh3 d = dirWith(1);
    Snapshot s = Facts.snapshot(h);
    READDIRPLUS3res r = readdirplus(d, 0, BIG, FIXED + SHORT_ENTRY - 1);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    assertThat(r.resfail.dir_attributes.attributes_follow).isTrue();
    assertThat(readdirplus(d, 0, SHORT_DIR - 1, BIG).status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    assertThat(readdirplus(d, 0, 0, 0).status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    s.assertUnchanged();
  }

  @Test
  void pagingWithSmallCountsReturnsEveryEntryOnce() {
    nfs_fh3 d = dirWith(30);
    List<String> expected = names(Facts.entries(h.readdir(d, 0, BIG)));
    assertThat(expected).hasSize(32);
    for (int perPage = 1; perPage <= 4; perPage++) {
      assertThat(names(listAll(d, BIG, FIXED + perPage * SHORT_ENTRY)))
          .as("maxcount for %d", perPage)
          .containsExactlyElementsOf(expected);
      assertThat(names(listAll(d, perPage * SHORT_DIR, BIG)))
          .as("dircount for %d", perPage)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void maxcountIsCappedAtMaxTransfer() {
    SpecHarness small = new SpecHarness(Facts.withMaxTransfer(SpecConfig.defaults(), 4096));
    nfs_fh3 d = small.newDir(small.root(), "d", 0777);
    for (int i = 0; i < 40; i++) {
      small.newFile(d, String.format("%02d", i), 0644);
    }
    READDIRPLUS3res r = small.readdirplus(d, 0, BIG, BIG);
    assertThat(XdrCodec.encode(r.resok).length).isLessThanOrEqualTo(4096);
    assertThat(Facts.entries(r)).hasSize((4096 - FIXED) / SHORT_ENTRY);
    assertThat(r.resok.reply.eof).isFalse();
  }

  @Test
  void changesToOtherEntriesBetweenPagesNeitherSkipNorRepeatUntouchedEntries() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    List<String> initial = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String n = String.format("m%02d", i);
      initial.add(n);
      h.newFile(d, n, 0644);
    }
    java.util.Set<String> touched = new java.util.HashSet<>();
    List<String> listed = new ArrayList<>();
    long cookie = 0;
    for (int page = 0; ; page++) {
      READDIRPLUS3res r = readdirplus(d, cookie, 3 * SHORT_DIR, BIG);
      List<Listed> entries = Facts.entries(r);
      listed.addAll(names(entries));
      if (r.resok.reply.eof) {
        break;
      }
      Listed held = entries.get(entries.size() - 1);
      cookie = held.cookie();
      String ahead = String.format("m%02d", (page * 7 + 30) % 60);
      String behind = String.format("m%02d", page % 60);
      for (String victim : new String[] {ahead, behind}) {
        if (!victim.equals(held.name()) && h.lookup(d, victim).status == nfsstat3.NFS3_OK) {
          h.remove(d, victim);
          touched.add(victim);
        }
      }
      String added = held.name() + "+" + page;
      h.newFile(d, added, 0644);
      touched.add(added);
      h.newFile(d, "a" + page, 0644);
      touched.add("a" + page);
    }
    List<String> named = listed.subList(2, listed.size());
    assertThat(named).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
    for (String n : initial) {
      if (!touched.contains(n)) {
        assertThat(named).as("untouched %s", n).containsOnlyOnce(n);
      }
    }
    assertThat(touched).isNotEmpty();
  }

  @Test
  void resumesAfterRemovedHeldEntryAndRejectsUnknownCookies() {
    nfs_fh3 d = dirWith(6);
    List<Listed> page = Facts.entries(readdirplus(d, 0, BIG, FIXED + 4 * SHORT_ENTRY));
    assertThat(names(page)).containsExactly(".", "..", "f00", "f01");
    h.remove(d, "f01");
    h.remove(d, "f04");
    h.newFile(d, "f00a", 0644);
    assertThat(names(Facts.entries(readdirplus(d, page.get(3).cookie(), BIG, BIG))))
        .containsExactly("f02", "f03", "f05");
    Snapshot s = Facts.snapshot(h);
    assertThat(readdirplus(d, 12345, BIG, BIG).status).isEqualTo(nfsstat3.NFS3ERR_BAD_COOKIE);
    assertThat(readdirplus(d, 12345, 0, 0).status)
        .as("BAD_COOKIE before TOOSMALL")
        .isEqualTo(nfsstat3.NFS3ERR_BAD_COOKIE);
    s.assertUnchanged();
  }

  @Test
  void typeAndPermissionErrors() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    READDIRPLUS3res r = readdirplus(f, 0, BIG, BIG);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    assertThat(Attrs.of(r.resfail.dir_attributes).fileid()).isEqualTo(fileid(f));
    h.as(1000, 100);
    nfs_fh3 d = h.newDir(h.root(), "d", 0333);
    assertThat(readdirplus(d, 0, BIG, BIG).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(readdirplus(d, 777, 0, 0).status)
        .as("ACCES before BAD_COOKIE and TOOSMALL")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.setattr(d, mode(0400));
    assertThat(readdirplus(d, 0, BIG, BIG).status)
        .as("read without search lists")
        .isEqualTo(nfsstat3.NFS3_OK);
  }
}
