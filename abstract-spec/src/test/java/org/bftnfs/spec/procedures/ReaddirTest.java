package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bftnfs.spec.SpecHarness.how;
import static org.bftnfs.spec.SpecHarness.mode;
import static org.bftnfs.spec.SpecHarness.where;
import static org.bftnfs.spec.procedures.Facts.fileid;
import static org.bftnfs.spec.procedures.Facts.names;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.procedures.Facts.Attrs;
import org.bftnfs.spec.procedures.Facts.Listed;
import org.bftnfs.spec.procedures.Facts.Snapshot;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.READDIR3res;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * READDIR (RFC 1813 §3.3.16) of the reference implementation: "." and ".." first, then entries in
 * lexicographic order of their name bytes (paper §3.1: "directory entries returned to a client be
 * ordered lexicographically"), cookies that are part of the abstract state, exact XDR sizing
 * against {@code count} (TOOSMALL), BAD_COOKIE, and the resumption property: a listing interrupted
 * by changes to other entries neither skips nor repeats any entry that was there all along, also
 * when the entry whose cookie the client holds is removed. Precedence: BADHANDLE, STALE; NOTDIR;
 * ACCES; BAD_COOKIE; TOOSMALL.
 */
class ReaddirTest {

  /** post_op_attr + cookieverf + list terminator + eof. */
  private static final int FIXED = 104;

  /** An entry whose name has 1 to 4 bytes. */
  private static final int SHORT_ENTRY = 28;

  private static final int ALICE = 1000;
  private static final int BOB = 1001;
  private static final int STAFF = 100;

  private final SpecHarness h =
      new SpecHarness(SpecConfig.defaults().withCapacity(1024).withRoot(0777, 0, 0));

  private nfs_fh3 dirWith(String... names) {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    for (String n : names) {
      h.newFile(d, n, 0644);
    }
    return d;
  }

  private READDIR3res readdir(nfs_fh3 dir, long cookie, int count) {
    READDIR3res r = h.readdir(dir, cookie, count);
    if (r.status == nfsstat3.NFS3_OK) {
      assertThat(XdrCodec.encode(r.resok).length).as("reply size").isLessThanOrEqualTo(count);
    }
    return r;
  }

  /** Lists {@code dir} page by page with {@code count}, checking every page's size. */
  private List<Listed> listAll(nfs_fh3 dir, int count) {
    List<Listed> all = new ArrayList<>();
    long cookie = 0;
    while (true) {
      READDIR3res r = readdir(dir, cookie, count);
      assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
      List<Listed> page = Facts.entries(r);
      all.addAll(page);
      if (r.resok.reply.eof) {
        return all;
      }
      assertThat(page).as("a page that is not the last holds entries").isNotEmpty();
      cookie = page.get(page.size() - 1).cookie();
    }
  }

  private static List<String> expectedNames(String... named) {
    List<String> out = new ArrayList<>(List.of(".", ".."));
    out.addAll(List.of(named));
    return out;
  }

  @Test
  void anEmptyDirectoryListsDotAndDotDot() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    Snapshot s = Facts.snapshot(h);
    READDIR3res r = readdir(d, 0, 4096);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(Facts.entries(r))
        .containsExactly(new Listed(".", fileid(d), 1), new Listed("..", fileid(h.root()), 2));
    assertThat(r.resok.reply.eof).isTrue();
    assertThat(r.resok.cookieverf).isEqualTo(new byte[8]);
    assertThat(Attrs.of(r.resok.dir_attributes))
        .isEqualTo(Attrs.of(h.getattr(d).resok.obj_attributes));
    s.assertUnchanged();
    assertThat(s.announced()).isEmpty();
  }

  @Test
  void theRootsParentIsTheRoot() {
    List<Listed> e = Facts.entries(readdir(h.root(), 0, 4096));
    assertThat(e.get(1)).isEqualTo(new Listed("..", fileid(h.root()), 2));
  }

  @Test
  void entriesAreOrderedByUnsignedNameBytes() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    String[] created = {
      "b", "\u00ff", "a", "B", "~", "\u0080", "a0", "_", "A", "z", "\u00c3\u00a9", "\u007f"
    };
    for (String n : created) {
      assertThat(h.create(where(d, Facts.raw(n)), how(createmode3.GUARDED, mode(0644))).status)
          .isEqualTo(nfsstat3.NFS3_OK);
    }
    assertThat(names(listAll(d, 4096)))
        .containsExactlyElementsOf(
            expectedNames(
                "A",
                "B",
                "_",
                "a",
                "a0",
                "b",
                "z",
                "~",
                "\u007f",
                "\u0080",
                "\u00c3\u00a9",
                "\u00ff"));
  }

  @Test
  void cookiesFollowLinkOrderAndAreNeverReused() {
    nfs_fh3 d = dirWith("b", "a", "c");
    List<Listed> e = Facts.entries(readdir(d, 0, 4096));
    assertThat(e.subList(2, 5))
        .extracting(Listed::name, Listed::cookie)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 4L),
            org.assertj.core.groups.Tuple.tuple("b", 3L),
            org.assertj.core.groups.Tuple.tuple("c", 5L));
    h.remove(d, "a");
    nfs_fh3 again = h.newFile(d, "a", 0644);
    h.rename(d, "c", d, "cc");
    List<Listed> after = Facts.entries(readdir(d, 0, 4096));
    assertThat(after.subList(2, 5))
        .containsExactly(
            new Listed("a", fileid(again), 6),
            new Listed("b", fileid(h.lookup(d, "b").resok.object), 3),
            new Listed("cc", fileid(h.lookup(d, "cc").resok.object), 7));
  }

  @Test
  void fileidsAreThoseOfTheEntriesObjects() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    nfs_fh3 f = h.newFile(d, "f", 0644);
    nfs_fh3 sub = h.newDir(d, "sub", 0755);
    nfs_fh3 l = h.symlink(d, "l", "f").resok.obj.handle;
    assertThat(Facts.entries(readdir(d, 0, 4096)))
        .containsExactly(
            new Listed(".", fileid(d), 1),
            new Listed("..", fileid(h.root()), 2),
            new Listed("f", fileid(f), 3),
            new Listed("l", fileid(l), 5),
            new Listed("sub", fileid(sub), 4));
  }

  @Test
  void pagingWithSmallCountsReturnsEveryEntryOnceInOrder() {
    String[] named = new String[40];
    for (int i = 0; i < named.length; i++) {
      named[i] = String.format("n%02d", i);
    }
    nfs_fh3 d = dirWith(named);
    for (int perPage = 1; perPage <= 7; perPage++) {
      int count = FIXED + perPage * SHORT_ENTRY;
      assertThat(names(listAll(d, count)))
          .as("%d entries per page", perPage)
          .containsExactlyElementsOf(expectedNames(named));
    }
    assertThat(names(listAll(d, FIXED + 3 * SHORT_ENTRY + 27)))
        .containsExactlyElementsOf(expectedNames(named));
  }

  @Test
  void countIsTheExactSizeOfTheReply() {
    nfs_fh3 d = dirWith("a", "bbbbb");
    READDIR3res one = readdir(d, 0, FIXED + SHORT_ENTRY);
    assertThat(names(Facts.entries(one))).containsExactly(".");
    assertThat(one.resok.reply.eof).isFalse();
    assertThat(XdrCodec.encode(one.resok)).hasSize(FIXED + SHORT_ENTRY);

    READDIR3res three = readdir(d, 0, FIXED + 3 * SHORT_ENTRY + 31);
    assertThat(names(Facts.entries(three))).containsExactly(".", "..", "a");
    READDIR3res all = readdir(d, 0, FIXED + 3 * SHORT_ENTRY + 32);
    assertThat(names(Facts.entries(all))).containsExactly(".", "..", "a", "bbbbb");
    assertThat(all.resok.reply.eof).isTrue();
    assertThat(XdrCodec.encode(all.resok)).hasSize(FIXED + 3 * SHORT_ENTRY + 32);
  }

  @Test
  void aCountTooSmallForTheFirstEntryIsToosmall() {
    nfs_fh3 d = dirWith("abcde");
    Snapshot s = Facts.snapshot(h);
    READDIR3res r = readdir(d, 0, FIXED + SHORT_ENTRY - 1);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    assertThat(Attrs.of(r.resfail.dir_attributes))
        .isEqualTo(Attrs.of(h.getattr(d).resok.obj_attributes));
    assertThat(readdir(d, 2, FIXED + 31).status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    assertThat(readdir(d, 2, FIXED + 32).status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(readdir(d, 0, 0).status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    s.assertUnchanged();
  }

  @Test
  void nothingLeftToListIsAnEmptyEofPageEvenWithATinyCount() {
    nfs_fh3 d = dirWith("only");
    long last = Facts.entries(readdir(d, 0, 4096)).get(2).cookie();
    READDIR3res r = readdir(d, last, FIXED);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(r.resok.reply.entries).isNull();
    assertThat(r.resok.reply.eof).isTrue();
  }

  @Test
  void aCountBelowTheFixedPartIsToosmallEvenAtTheEnd() {
    nfs_fh3 d = dirWith("only");
    long last = Facts.entries(readdir(d, 0, 4096)).get(2).cookie();
    assertThat(h.readdir(d, last, FIXED - 1).status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    assertThat(h.readdir(d, last, 0).status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
    assertThat(h.readdirplus(d, last, 4096, FIXED - 1).status).isEqualTo(nfsstat3.NFS3ERR_TOOSMALL);
  }

  @Test
  void theReplyIsCappedAtMaxTransfer() {
    SpecHarness small = new SpecHarness(Facts.withMaxTransfer(SpecConfig.defaults(), 4096));
    nfs_fh3 d = small.newDir(small.root(), "d", 0777);
    for (int i = 0; i < 300; i++) {
      small.newFile(d, String.format("%04d", i), 0644);
    }
    READDIR3res r = small.readdir(d, 0, 1 << 20);
    assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(XdrCodec.encode(r.resok).length).isLessThanOrEqualTo(4096);
    assertThat(r.resok.reply.eof).isFalse();
    assertThat(Facts.entries(r)).hasSize((4096 - FIXED) / SHORT_ENTRY);
  }

  @Test
  void cookiesOfDotAndDotDotResumeBeforeTheNamedEntries() {
    nfs_fh3 d = dirWith("x", "y");
    assertThat(names(Facts.entries(readdir(d, 1, 4096)))).containsExactly("..", "x", "y");
    assertThat(names(Facts.entries(readdir(d, 2, 4096)))).containsExactly("x", "y");
  }

  @Test
  void anUnknownCookieIsBadCookie() {
    nfs_fh3 d = dirWith("x", "y");
    Snapshot s = Facts.snapshot(h);
    for (long cookie : new long[] {999, 6, -1L}) {
      READDIR3res r = readdir(d, cookie, 4096);
      assertThat(r.status)
          .as("cookie %s", Long.toUnsignedString(cookie))
          .isEqualTo(nfsstat3.NFS3ERR_BAD_COOKIE);
      assertThat(r.resfail.dir_attributes.attributes_follow).isTrue();
    }
    assertThat(readdir(d, 999, 1).status)
        .as("BAD_COOKIE before TOOSMALL")
        .isEqualTo(nfsstat3.NFS3ERR_BAD_COOKIE);
    s.assertUnchanged();
  }

  @Test
  void typeAndPermissionErrors() {
    nfs_fh3 f = h.newFile(h.root(), "f", 0644);
    assertThat(readdir(f, 0, 4096).status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);
    nfs_fh3 l = h.symlink(h.root(), "l", "f").resok.obj.handle;
    assertThat(readdir(l, 999, 1).status).isEqualTo(nfsstat3.NFS3ERR_NOTDIR);

    h.as(ALICE, STAFF);
    nfs_fh3 d = h.newDir(h.root(), "d", 0755);
    h.newFile(d, "x", 0644);
    h.setattr(d, mode(0311));
    Snapshot s = Facts.snapshot(h);
    assertThat(readdir(d, 0, 4096).status)
        .as("search without read")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    assertThat(readdir(d, 999, 1).status)
        .as("ACCES before BAD_COOKIE")
        .isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.as(BOB, STAFF);
    assertThat(readdir(d, 0, 4096).status).isEqualTo(nfsstat3.NFS3ERR_ACCES);
    h.as(0, 0);
    assertThat(readdir(d, 0, 4096).status).as("root").isEqualTo(nfsstat3.NFS3_OK);
    s.assertUnchanged();
  }

  // ---- interrupted listings ------------------------------------------------------------------

  @Test
  void changesToOtherEntriesBetweenPagesNeitherSkipNorRepeatUntouchedEntries() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    List<String> initial = new ArrayList<>();
    for (int i = 0; i < 200; i += 2) {
      String n = String.format("e%03d", i);
      initial.add(n);
      h.newFile(d, n, 0644);
    }
    Set<String> touched = new HashSet<>();
    List<String> listed = new ArrayList<>();
    long cookie = 0;
    int page = 0;
    int count = FIXED + 5 * SHORT_ENTRY;
    while (true) {
      READDIR3res r = readdir(d, cookie, count);
      assertThat(r.status).isEqualTo(nfsstat3.NFS3_OK);
      List<Listed> entries = Facts.entries(r);
      listed.addAll(names(entries));
      if (r.resok.reply.eof) {
        break;
      }
      cookie = entries.get(entries.size() - 1).cookie();
      String held = entries.get(entries.size() - 1).name();
      // between pages: insert odd names before and after the position, remove others
      for (int k : new int[] {page * 7 % 200, (page * 13 + 101) % 200, 199 - page}) {
        String odd = String.format("e%03d", k | 1);
        if (h.lookup(d, odd).status == nfsstat3.NFS3ERR_NOENT) {
          h.newFile(d, odd, 0644);
          touched.add(odd);
        }
      }
      for (int k : new int[] {(page * 31 + 50) % 200, (page * 17 + 150) % 200}) {
        String even = String.format("e%03d", k & ~1);
        if (!even.equals(held) && h.lookup(d, even).status == nfsstat3.NFS3_OK) {
          h.remove(d, even);
          touched.add(even);
        }
      }
      page++;
    }
    assertThat(page).isGreaterThan(10);
    assertThat(touched).isNotEmpty();
    assertThat(listed.subList(0, 2)).containsExactly(".", "..");
    List<String> named = listed.subList(2, listed.size());
    assertThat(named)
        .as("strictly ascending, so no entry twice")
        .isSortedAccordingTo(String::compareTo);
    assertThat(new TreeSet<>(named)).hasSameSizeAs(named);
    for (String n : initial) {
      if (!touched.contains(n)) {
        assertThat(named).as("untouched entry %s", n).containsOnlyOnce(n);
      }
    }
  }

  @Test
  void removingTheEntryWhoseCookieIsHeldStillResumesAfterIt() {
    nfs_fh3 d = dirWith("a", "b", "c", "d", "e", "f");
    READDIR3res first = readdir(d, 0, FIXED + 4 * SHORT_ENTRY);
    List<Listed> page = Facts.entries(first);
    assertThat(names(page)).containsExactly(".", "..", "a", "b");
    long held = page.get(3).cookie();
    h.remove(d, "b");
    h.remove(d, "c");
    assertThat(names(Facts.entries(readdir(d, held, 4096)))).containsExactly("d", "e", "f");
    h.newFile(d, "b", 0644);
    h.newFile(d, "bb", 0644);
    assertThat(names(Facts.entries(readdir(d, held, 4096)))).containsExactly("bb", "d", "e", "f");
  }

  @Test
  void renamingTheEntryWhoseCookieIsHeldResumesAfterItsOldName() {
    nfs_fh3 d = dirWith("a", "b", "c");
    long held = Facts.entries(readdir(d, 0, FIXED + 4 * SHORT_ENTRY)).get(3).cookie();
    h.rename(d, "b", d, "zz");
    assertThat(names(Facts.entries(readdir(d, held, 4096)))).containsExactly("c", "zz");
  }

  @Test
  void aRemovedCookieIsRememberedFor256Removals() {
    nfs_fh3 d = h.newDir(h.root(), "d", 0777);
    for (int i = 0; i < 300; i++) {
      h.newFile(d, String.format("%03d", i), 0644);
    }
    long held = h.readdir(d, 2, FIXED + SHORT_ENTRY).resok.reply.entries.cookie;
    h.remove(d, "000");
    for (int i = 1; i <= 255; i++) {
      h.remove(d, String.format("%03d", i));
    }
    assertThat(Facts.entries(readdir(d, held, FIXED + SHORT_ENTRY)).get(0).name()).isEqualTo("256");
    h.remove(d, "299");
    assertThat(readdir(d, held, 4096).status).isEqualTo(nfsstat3.NFS3ERR_BAD_COOKIE);
  }
}
