package org.bftnfs.backend.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.security.auth.module.UnixSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bftnfs.backend.Backend.Attributes;
import org.bftnfs.backend.Backend.Entry;
import org.bftnfs.backend.Backend.Found;
import org.bftnfs.backend.Backend.Kind;
import org.bftnfs.backend.Backend.SetAttributes;
import org.bftnfs.backend.BackendException;
import org.bftnfs.testkit.Prerequisite;
import org.bftnfs.testkit.testfs.BoundedCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Every operation of {@link LocalDirectoryBackend}, run once per file system by the nested classes
 * of {@link LocalDirectoryBackendTest}. Each test gets a fresh backend root and a fresh "outside"
 * directory (on the same file system, not below the root) for checks that symbolic links are never
 * followed; both are created by the test inside {@link #fileSystem()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class LocalDirectoryBackendContract {

  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(30);
  private static final int MIB = 1 << 20;

  private final List<LocalDirectoryBackend> opened = new ArrayList<>();
  private int testNumber;
  private Path root;
  private Path outside;
  private LocalDirectoryBackend b;
  private byte[] top;

  /** A directory on the file system under test, in which each test makes its own directories. */
  protected abstract Path fileSystem();

  @BeforeEach
  void newRoot() throws IOException {
    testNumber++;
    root = Files.createDirectory(fileSystem().resolve("root-" + testNumber));
    outside = Files.createDirectory(fileSystem().resolve("outside-" + testNumber));
    b = open();
    top = b.root();
  }

  @AfterEach
  void closeBackends() {
    opened.forEach(LocalDirectoryBackend::close);
    opened.clear();
  }

  private LocalDirectoryBackend open() {
    LocalDirectoryBackend backend = LocalDirectoryBackend.open(root);
    opened.add(backend);
    return backend;
  }

  private static byte[] n(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }

  private static void assertFails(ThrowingCallable call, String... fragments) {
    assertThatThrownBy(call)
        .isInstanceOf(BackendException.class)
        .hasMessageContainingAll(fragments);
  }

  // ---- the largest file ----

  /**
   * The default 1 TiB files fit the file systems the project runs on; for a size the file system
   * refuses, the probe finds the largest it takes; and it leaves nothing behind in the export.
   */
  @Test
  void maxFileSizeProbesTheFileSystem() throws IOException {
    long tib = 1L << 40;
    assertThat(b.maxFileSize(tib)).isEqualTo(tib);
    long most = b.maxFileSize(Long.MAX_VALUE);
    try (java.io.RandomAccessFile f =
        new java.io.RandomAccessFile(outside.resolve("probe").toFile(), "rw")) {
      f.setLength(most);
      if (most < Long.MAX_VALUE) {
        assertThatThrownBy(() -> f.setLength(most + 1)).isInstanceOf(IOException.class);
      }
      f.setLength(0);
    }
    assertThat(b.readdir(top)).isEmpty();
    try (var left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }

  // ---- root, create, mkdir, symlink, lookup, getattr ----

  @Test
  void rootIsTheDirectoryItself() throws IOException {
    Attributes a = b.getattr(top);
    Attributes disk = UnixStat.lstat(root);
    assertThat(a.kind()).isEqualTo(Kind.DIRECTORY);
    assertThat(a.fileid()).isEqualTo(disk.fileid()).isEqualTo(Files.getAttribute(root, "unix:ino"));
    assertThat(a.fsid()).isEqualTo(Files.getAttribute(root, "unix:dev"));
    assertThat(b.readdir(top)).isEmpty();
    assertThat(b.describe()).contains(root.toString()).contains(Files.getFileStore(root).type());
  }

  @Test
  void createGivesAnEmptyFileWithExactlyTheMode() throws IOException {
    Found f = b.create(top, n("file"), 0640);
    assertThat(f.attributes().kind()).isEqualTo(Kind.FILE);
    assertThat(f.attributes().mode()).isEqualTo(0640);
    assertThat(f.attributes().size()).isZero();
    assertThat(f.attributes().nlink()).isEqualTo(1);
    assertThat(f.attributes().fileid())
        .isEqualTo(Files.getAttribute(root.resolve("file"), "unix:ino"));
    assertThat(f.handle()).hasSize(LocalHandle.LENGTH);
    assertThat(b.getattr(f.handle())).isEqualTo(f.attributes());
    Found looked = b.lookup(top, n("file")).orElseThrow();
    assertThat(looked.handle()).isEqualTo(f.handle());
    assertThat(looked.attributes()).isEqualTo(f.attributes());
    assertThat(b.lookup(top, n("missing"))).isEmpty();
    // the umask does not apply: group and other bits exactly as asked
    assertThat(b.create(top, n("open"), 0777).attributes().mode()).isEqualTo(0777);
    assertThat(b.create(top, n("none"), 0).attributes().mode()).isZero();
  }

  @Test
  void mkdirNestsAndLooksUp() {
    Found d = b.mkdir(top, n("dir"), 0750);
    assertThat(d.attributes().kind()).isEqualTo(Kind.DIRECTORY);
    assertThat(d.attributes().mode()).isEqualTo(0750);
    Found inner = b.mkdir(d.handle(), n("inner"), 0700);
    Found f = b.create(inner.handle(), n("leaf"), 0600);
    assertThat(b.lookup(inner.handle(), n("leaf")).orElseThrow().handle()).isEqualTo(f.handle());
    assertThat(b.lookup(d.handle(), n("inner")).orElseThrow().handle()).isEqualTo(inner.handle());
    assertThat(b.lookup(top, n("leaf"))).isEmpty();
    assertThat(Files.isRegularFile(root.resolve("dir/inner/leaf"), LinkOption.NOFOLLOW_LINKS))
        .isTrue();
  }

  @Test
  void symlinkAndReadlink() throws IOException {
    Found s = b.symlink(top, n("link"), n("some/where"));
    assertThat(s.attributes().kind()).isEqualTo(Kind.SYMLINK);
    assertThat(s.attributes().size()).isEqualTo(10);
    assertThat(b.readlink(s.handle())).isEqualTo(n("some/where"));
    assertThat(Files.readSymbolicLink(root.resolve("link")).toString()).isEqualTo("some/where");
    assertFails(() -> b.readlink(top), "readlink", "DIRECTORY instead of SYMLINK");
  }

  @Test
  void symlinkTargetsRoundTripExactly() throws IOException, InterruptedException {
    // 1,023 bytes: the longest target xfs stores (the others take up to 4,095)
    byte[] longTarget = new byte[1023];
    Arrays.fill(longTarget, (byte) 'x');
    for (int i = 100; i < longTarget.length; i += 100) {
      longTarget[i] = '/';
    }
    List<byte[]> targets =
        List.of(
            n("/"),
            n("."),
            n(".."),
            n("../../etc/passwd"),
            n("a/./b/../c"),
            n("a//b"),
            n("dir/"),
            n("//x"),
            n("/abs//double/"),
            n("///"),
            n("%"),
            n("a/%/b"),
            n(SymlinkTargets.MARKER),
            n(SymlinkTargets.MARKER + "/a"),
            n(SymlinkTargets.MARKER + "x"),
            bytes(0xff, 0xfe),
            bytes('/', 0xc3, 0x28, '/', 0x80),
            n("spaces and\nnewline?#%41"),
            longTarget);
    Map<Integer, byte[]> handles = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      Found s = b.symlink(top, n("l" + i), targets.get(i));
      handles.put(i, s.handle());
      assertThat(b.readlink(s.handle())).as("target %d", i).isEqualTo(targets.get(i));
    }
    // plain targets are on disk exactly as given (seen by readlink(1), not by java.nio)
    for (int i : List.of(0, 3, 4, 15, 16, 17, 18)) {
      byte[] disk =
          BoundedCommand.succeed(COMMAND_LIMIT, "readlink", "-n", root.resolve("l" + i).toString())
              .output();
      assertThat(disk).as("on-disk target %d", i).isEqualTo(targets.get(i));
    }
    // and an escaped one as documented in SymlinkTargets
    assertThat(Files.readSymbolicLink(root.resolve("l6")).toString())
        .isEqualTo(SymlinkTargets.MARKER + "/dir/%");
    LocalDirectoryBackend again = open();
    for (int i = 0; i < targets.size(); i++) {
      assertThat(again.readlink(handles.get(i)))
          .as("target %d after reopen", i)
          .isEqualTo(targets.get(i));
    }
  }

  @Test
  void symlinksMadeByOthersThatCannotBeReadExactlyAreReported()
      throws IOException, InterruptedException {
    BoundedCommand.succeed(COMMAND_LIMIT, "ln", "-s", "a//b", root.resolve("double").toString());
    BoundedCommand.succeed(
        COMMAND_LIMIT, "ln", "-s", SymlinkTargets.MARKER, root.resolve("marker").toString());
    byte[] d = b.lookup(top, n("double")).orElseThrow().handle();
    byte[] m = b.lookup(top, n("marker")).orElseThrow().handle();
    assertFails(() -> b.readlink(d), "redundant slashes", "double");
    assertFails(() -> b.readlink(m), "escape marker");
  }

  // ---- setattr ----

  @Test
  void setattrModeIncludingSpecialBits() {
    Found f = b.create(top, n("f"), 0644);
    Found d = b.mkdir(top, n("d"), 0755);
    for (int mode : new int[] {04755, 02755, 06711, 0, 0777, 01644}) {
      b.setattr(f.handle(), new SetAttributes(mode, null, null, null));
      assertThat(b.getattr(f.handle()).mode()).as("file mode 0%o", mode).isEqualTo(mode);
    }
    for (int mode : new int[] {01777, 02775, 0700, 07777}) {
      b.setattr(d.handle(), new SetAttributes(mode, null, null, null));
      assertThat(b.getattr(d.handle()).mode()).as("dir mode 0%o", mode).isEqualTo(mode);
    }
    assertFails(
        () -> b.setattr(f.handle(), new SetAttributes(010000, null, null, null)), "outside 07777");
  }

  @Test
  void setattrOwnerKeepsTheModeItDoesNotChange() {
    Prerequisite.require(isRoot(), () -> "chown needs root: uid/gid assertions skipped");
    Found f = b.create(top, n("f"), 0644);
    b.setattr(f.handle(), SetAttributes.owner(04755, 1234, 5678));
    Attributes a = b.getattr(f.handle());
    assertThat(a.uid()).isEqualTo(1234);
    assertThat(a.gid()).isEqualTo(5678);
    assertThat(a.mode()).isEqualTo(04755);
    // the kernel clears set-id bits on chown; an owner-only change must leave the mode alone
    b.setattr(f.handle(), new SetAttributes(null, 4321, null, null));
    b.setattr(f.handle(), new SetAttributes(null, null, 8765, null));
    a = b.getattr(f.handle());
    assertThat(a.uid()).isEqualTo(4321);
    assertThat(a.gid()).isEqualTo(8765);
    assertThat(a.mode()).isEqualTo(04755);
    Found d = b.mkdir(top, n("d"), 02775);
    b.setattr(d.handle(), SetAttributes.owner(02775, 77, 88));
    assertThat(b.getattr(d.handle()))
        .extracting(Attributes::uid, Attributes::gid, Attributes::mode)
        .containsExactly(77, 88, 02775);
    // large ids (above 2^31) pass through as their int bit pattern
    b.setattr(f.handle(), new SetAttributes(null, (int) 3_000_000_000L, null, null));
    assertThat(Integer.toUnsignedLong(b.getattr(f.handle()).uid())).isEqualTo(3_000_000_000L);
    assertFails(() -> b.setattr(f.handle(), new SetAttributes(null, -1, null, null)), "unchanged");
  }

  @Test
  void writeKeepsSetIdBits() {
    Prerequisite.require(isRoot(), () -> "only root keeps set-id bits on write");
    Found f = b.create(top, n("f"), 06755);
    b.write(f.handle(), 0, n("data"));
    b.setattr(f.handle(), SetAttributes.size(100));
    assertThat(b.getattr(f.handle()).mode()).isEqualTo(06755);
  }

  @Test
  void setattrSizeExtendsWithZerosAndTruncates() {
    Found f = b.create(top, n("f"), 0644);
    b.write(f.handle(), 0, n("0123456789"));
    b.setattr(f.handle(), SetAttributes.size(10_000));
    assertThat(b.getattr(f.handle()).size()).isEqualTo(10_000);
    byte[] all = b.read(f.handle(), 0, 20_000);
    assertThat(all).hasSize(10_000);
    assertThat(Arrays.copyOf(all, 10)).isEqualTo(n("0123456789"));
    assertThat(Arrays.copyOfRange(all, 10, 10_000)).containsOnly(0);
    b.setattr(f.handle(), SetAttributes.size(4));
    assertThat(b.getattr(f.handle()).size()).isEqualTo(4);
    assertThat(b.read(f.handle(), 0, 100)).isEqualTo(n("0123"));
    b.setattr(f.handle(), SetAttributes.size(0));
    assertThat(b.read(f.handle(), 0, 100)).isEmpty();
    b.setattr(f.handle(), SetAttributes.size(4));
    assertThat(b.read(f.handle(), 0, 100)).containsExactly(0, 0, 0, 0);
    Found d = b.mkdir(top, n("d"), 0755);
    assertFails(() -> b.setattr(d.handle(), SetAttributes.size(0)), "truncate", "DIRECTORY");
    assertFails(() -> b.setattr(f.handle(), SetAttributes.size(-1)), "truncate", "-1");
  }

  // ---- read and write ----

  @Test
  void writeAndReadFiveMebibytes() {
    byte[] data = new byte[5 * MIB];
    new Random(42).nextBytes(data);
    Found f = b.create(top, n("big"), 0644);
    b.write(f.handle(), 0, data);
    assertThat(b.getattr(f.handle()).size()).isEqualTo(data.length);
    assertThat(b.read(f.handle(), 0, data.length)).isEqualTo(data);
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    for (long off = 0; off < data.length; off += 65_536) {
      byte[] chunk = b.read(f.handle(), off, 65_536);
      assertThat(chunk).hasSize(65_536);
      chunks.writeBytes(chunk);
    }
    assertThat(chunks.toByteArray()).isEqualTo(data);
    // exactly count bytes, fewer only at the end of the file
    assertThat(b.read(f.handle(), data.length - 10, 100))
        .isEqualTo(Arrays.copyOfRange(data, data.length - 10, data.length));
    assertThat(b.read(f.handle(), data.length, 100)).isEmpty();
    assertThat(b.read(f.handle(), 10L * data.length, 100)).isEmpty();
    assertThat(b.read(f.handle(), 7, 0)).isEmpty();
    // overwrite in the middle
    b.write(f.handle(), MIB + 3, n("middle"));
    assertThat(b.read(f.handle(), MIB + 3, 6)).isEqualTo(n("middle"));
    assertThat(b.read(f.handle(), MIB, 3)).isEqualTo(Arrays.copyOfRange(data, MIB, MIB + 3));
    assertThat(b.read(f.handle(), MIB + 9, 3))
        .isEqualTo(Arrays.copyOfRange(data, MIB + 9, MIB + 12));
    assertThat(b.getattr(f.handle()).size()).isEqualTo(data.length);
  }

  @Test
  void sparseWriteReadsBackZeros() throws IOException {
    Found f = b.create(top, n("sparse"), 0644);
    b.write(f.handle(), 3L * MIB, n("tail"));
    assertThat(b.getattr(f.handle()).size()).isEqualTo(3L * MIB + 4);
    byte[] head = b.read(f.handle(), 0, 3 * MIB);
    assertThat(head).hasSize(3 * MIB).containsOnly(0);
    assertThat(b.read(f.handle(), 3L * MIB - 2, 100)).containsExactly(0, 0, 't', 'a', 'i', 'l');
    assertThat(Files.size(root.resolve("sparse"))).isEqualTo(3L * MIB + 4);
    b.write(f.handle(), 0, new byte[0]);
    assertThat(b.getattr(f.handle()).size()).isEqualTo(3L * MIB + 4);
  }

  @Test
  void readAndWriteOnlyRegularFiles() {
    Found d = b.mkdir(top, n("d"), 0755);
    Found s = b.symlink(top, n("s"), n("d"));
    Found f = b.create(top, n("f"), 0644);
    assertFails(() -> b.read(d.handle(), 0, 1), "read", "DIRECTORY instead of FILE");
    assertFails(() -> b.write(s.handle(), 0, n("x")), "write", "SYMLINK instead of FILE");
    assertFails(() -> b.read(f.handle(), -1, 1), "negative");
    assertFails(() -> b.write(f.handle(), Long.MAX_VALUE - 1, n("xyz")), "offset");
  }

  // ---- readdir ----

  @Test
  void readdirOfFifteenHundredEntriesListsEachExactlyOnce() {
    Found d = b.mkdir(top, n("big"), 0755);
    Map<String, byte[]> created = new HashMap<>();
    for (int i = 0; i < 1500; i++) {
      String name = String.format("entry-%04d", i);
      created.put(name, b.create(d.handle(), n(name), 0600).handle());
    }
    created.put("sub", b.mkdir(d.handle(), n("sub"), 0700).handle());
    created.put("link", b.symlink(d.handle(), n("link"), n("entry-0000")).handle());
    List<Entry> entries = b.readdir(d.handle());
    assertThat(entries).hasSize(created.size());
    Set<String> seen = new TreeSet<>();
    for (Entry e : entries) {
      String name = new String(e.name(), UTF_8);
      assertThat(seen.add(name)).as("%s listed twice", name).isTrue();
      assertThat(e.handle()).as(name).isEqualTo(created.get(name));
      assertThat(e.attributes()).as(name).isEqualTo(b.getattr(e.handle()));
    }
    assertThat(seen).isEqualTo(created.keySet());
    assertThat(entries.stream().filter(e -> new String(e.name(), UTF_8).equals("link")))
        .singleElement()
        .extracting(e -> e.attributes().kind())
        .isEqualTo(Kind.SYMLINK);
  }

  // ---- remove, rmdir ----

  @Test
  void removeAndRmdir() {
    Found f = b.create(top, n("f"), 0644);
    Found s = b.symlink(top, n("s"), n("f"));
    Found d = b.mkdir(top, n("d"), 0755);
    Found full = b.mkdir(top, n("full"), 0755);
    b.create(full.handle(), n("x"), 0644);
    assertFails(() -> b.remove(top, n("d")), "remove", "is a directory");
    assertFails(() -> b.rmdir(top, n("f")), "rmdir", "not a directory");
    assertFails(() -> b.rmdir(top, n("full")), "rmdir", "directory not empty");
    b.remove(top, n("f"));
    b.remove(top, n("s"));
    b.rmdir(top, n("d"));
    assertThat(b.lookup(top, n("f"))).isEmpty();
    assertThat(b.lookup(top, n("s"))).isEmpty();
    assertThat(b.lookup(top, n("d"))).isEmpty();
    assertFails(() -> b.getattr(f.handle()), "stale local handle");
    assertFails(() -> b.readlink(s.handle()), "stale local handle");
    assertFails(() -> b.readdir(d.handle()), "stale local handle");
    assertThat(b.readdir(top)).extracting(e -> new String(e.name(), UTF_8)).containsExactly("full");
    assertThat(b.getattr(full.handle()).kind()).isEqualTo(Kind.DIRECTORY);
  }

  @Test
  void handleOfARemovedObjectStaysStaleWhenItsInodeNumberIsReused() {
    Found first = b.create(top, n("first"), 0644);
    b.remove(top, n("first"));
    for (int i = 0; i < 20; i++) {
      Found next = b.create(top, n("next" + i), 0644);
      if (next.attributes().fileid() == first.attributes().fileid()) {
        assertThat(next.handle()).isNotEqualTo(first.handle());
        assertThat(b.getattr(next.handle()).fileid()).isEqualTo(first.attributes().fileid());
      }
      b.remove(top, n("next" + i));
      assertFails(() -> b.getattr(next.handle()), "stale local handle");
      assertFails(() -> b.getattr(first.handle()), "stale local handle");
    }
  }

  // ---- rename ----

  @Test
  void renameWithinAndAcrossDirectoriesKeepsHandles() {
    Found a = b.mkdir(top, n("a"), 0755);
    Found c = b.mkdir(top, n("c"), 0755);
    Found f = b.create(a.handle(), n("f"), 0644);
    b.write(f.handle(), 0, n("content"));
    b.rename(a.handle(), n("f"), a.handle(), n("g"));
    assertThat(b.lookup(a.handle(), n("f"))).isEmpty();
    assertThat(b.lookup(a.handle(), n("g")).orElseThrow().handle()).isEqualTo(f.handle());
    b.rename(a.handle(), n("g"), c.handle(), n("h"));
    assertThat(b.readdir(a.handle())).isEmpty();
    assertThat(b.lookup(c.handle(), n("h")).orElseThrow().handle()).isEqualTo(f.handle());
    assertThat(b.read(f.handle(), 0, 100)).isEqualTo(n("content"));
    assertFails(
        () -> b.rename(a.handle(), n("missing"), c.handle(), n("x")), "rename", "no such entry");
  }

  @Test
  void renameOverAnExistingFileReplacesIt() {
    Found src = b.create(top, n("src"), 0644);
    Found old = b.create(top, n("dst"), 0600);
    b.write(src.handle(), 0, n("new"));
    b.rename(top, n("src"), top, n("dst"));
    assertThat(b.lookup(top, n("src"))).isEmpty();
    assertThat(b.lookup(top, n("dst")).orElseThrow().handle()).isEqualTo(src.handle());
    assertThat(b.read(src.handle(), 0, 10)).isEqualTo(n("new"));
    assertFails(() -> b.getattr(old.handle()), "stale local handle");
    assertThat(b.readdir(top)).hasSize(1);
  }

  @Test
  void renameOverAFileWithAnotherLinkKeepsThatLink() {
    Found src = b.create(top, n("src"), 0644);
    Found old = b.create(top, n("dst"), 0600);
    b.link(old.handle(), top, n("other"));
    b.rename(top, n("src"), top, n("dst"));
    assertThat(b.getattr(old.handle()).nlink()).isEqualTo(1);
    assertThat(b.lookup(top, n("other")).orElseThrow().handle()).isEqualTo(old.handle());
    assertThat(b.lookup(top, n("dst")).orElseThrow().handle()).isEqualTo(src.handle());
  }

  @Test
  void renameOverDirectories() {
    Found src = b.mkdir(top, n("src"), 0755);
    Found empty = b.mkdir(top, n("empty"), 0755);
    Found full = b.mkdir(top, n("full"), 0755);
    b.create(full.handle(), n("x"), 0644);
    Found file = b.create(top, n("file"), 0644);
    // POSIX allows ENOTEMPTY (ext4, tmpfs, btrfs) or EEXIST (xfs) here
    assertThatThrownBy(() -> b.rename(top, n("src"), top, n("full")))
        .isInstanceOf(BackendException.class)
        .hasMessageStartingWith("rename ")
        .hasMessageMatching("(?s).*(not empty|already exists).*");
    assertFails(() -> b.rename(top, n("file"), top, n("empty")), "rename", "Is a directory");
    assertFails(() -> b.rename(top, n("src"), top, n("file")), "rename", "Not a directory");
    assertFails(() -> b.rename(top, n("src"), src.handle(), n("inside")), "rename");
    b.rename(top, n("src"), top, n("empty"));
    assertThat(b.lookup(top, n("empty")).orElseThrow().handle()).isEqualTo(src.handle());
    assertThat(b.lookup(top, n("src"))).isEmpty();
    assertFails(() -> b.getattr(empty.handle()), "stale local handle");
    assertThat(b.getattr(file.handle()).kind()).isEqualTo(Kind.FILE);
  }

  @Test
  void renameADirectoryWithItsContents() {
    Found a = b.mkdir(top, n("a"), 0755);
    Found sub = b.mkdir(a.handle(), n("sub"), 0755);
    Found f = b.create(sub.handle(), n("f"), 0644);
    b.write(f.handle(), 0, n("deep"));
    Found s = b.symlink(sub.handle(), n("s"), n("f"));
    Found x = b.mkdir(top, n("x"), 0755);
    b.rename(top, n("a"), x.handle(), n("moved"));
    assertThat(b.lookup(x.handle(), n("moved")).orElseThrow().handle()).isEqualTo(a.handle());
    assertThat(b.lookup(a.handle(), n("sub")).orElseThrow().handle()).isEqualTo(sub.handle());
    assertThat(b.read(f.handle(), 0, 10)).isEqualTo(n("deep"));
    assertThat(b.readlink(s.handle())).isEqualTo(n("f"));
    b.create(sub.handle(), n("new"), 0644);
    assertThat(Files.exists(root.resolve("x/moved/sub/new"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(b.getattr(sub.handle()).kind()).isEqualTo(Kind.DIRECTORY);
  }

  @Test
  void renameBetweenTwoLinksOfOneFileDoesNothing() {
    Found f = b.create(top, n("one"), 0644);
    b.link(f.handle(), top, n("two"));
    b.rename(top, n("one"), top, n("two"));
    assertThat(b.lookup(top, n("one")).orElseThrow().handle()).isEqualTo(f.handle());
    assertThat(b.lookup(top, n("two")).orElseThrow().handle()).isEqualTo(f.handle());
    assertThat(b.getattr(f.handle()).nlink()).isEqualTo(2);
    b.rename(top, n("one"), top, n("one"));
    assertThat(b.readdir(top)).hasSize(2);
  }

  // ---- link ----

  @Test
  void hardLinksShareOneHandle() {
    Found d = b.mkdir(top, n("d"), 0755);
    Found f = b.create(top, n("f"), 0644);
    b.write(f.handle(), 0, n("shared"));
    b.link(f.handle(), d.handle(), n("g"));
    assertThat(b.getattr(f.handle()).nlink()).isEqualTo(2);
    Found g = b.lookup(d.handle(), n("g")).orElseThrow();
    assertThat(g.handle()).isEqualTo(f.handle());
    assertThat(g.attributes().nlink()).isEqualTo(2);
    b.remove(top, n("f"));
    Attributes after = b.getattr(f.handle());
    assertThat(after.nlink()).isEqualTo(1);
    assertThat(b.read(f.handle(), 0, 10)).isEqualTo(n("shared"));
    b.write(f.handle(), 6, n("!"));
    assertThat(b.read(g.handle(), 0, 10)).isEqualTo(n("shared!"));
    assertFails(() -> b.link(d.handle(), top, n("dirlink")), "link", "directory");
    assertFails(() -> b.link(f.handle(), d.handle(), n("g")), "link", "already exists");
    Found s = b.symlink(top, n("s"), n("/etc"));
    b.link(s.handle(), top, n("s2"));
    assertThat(b.lookup(top, n("s2")).orElseThrow().attributes().kind()).isEqualTo(Kind.SYMLINK);
    assertThat(b.getattr(s.handle()).nlink()).isEqualTo(2);
  }

  // ---- handles across restarts ----

  @Test
  void handlesSurviveReopeningTheDirectory() {
    Found d = b.mkdir(top, n("d"), 0755);
    Found f = b.create(top, n("f"), 0644);
    Found g = b.create(d.handle(), n("g"), 0644);
    Found s = b.symlink(d.handle(), n("s"), n("../f"));
    b.link(f.handle(), d.handle(), n("f2"));
    Found odd = b.create(d.handle(), bytes(0xff, 0xfe), 0644);
    b.rename(d.handle(), n("g"), top, n("g-moved"));
    b.close();
    assertFails(() -> b.getattr(f.handle()), "closed");

    LocalDirectoryBackend again = open();
    assertThat(again.root()).isEqualTo(top);
    assertThat(again.lookup(top, n("d")).orElseThrow().handle()).isEqualTo(d.handle());
    assertThat(again.lookup(top, n("g-moved")).orElseThrow().handle()).isEqualTo(g.handle());
    assertThat(again.lookup(d.handle(), n("f2")).orElseThrow().handle()).isEqualTo(f.handle());
    assertThat(again.lookup(d.handle(), bytes(0xff, 0xfe)).orElseThrow().handle())
        .isEqualTo(odd.handle());
    assertThat(again.readlink(s.handle())).isEqualTo(n("../f"));
    assertThat(again.getattr(f.handle()).fileid()).isEqualTo(f.attributes().fileid());
    assertThat(again.getattr(f.handle()).nlink()).isEqualTo(2);
    again.remove(top, n("f"));
    assertThat(again.getattr(f.handle()).nlink()).isEqualTo(1);
  }

  @Test
  void entriesMadeByOthersAreFoundByLookupAndReaddir() throws IOException {
    Files.createDirectory(root.resolve("ext"));
    Files.writeString(root.resolve("ext/file"), "hello");
    byte[] ext = b.lookup(top, n("ext")).orElseThrow().handle();
    Found file = b.lookup(ext, n("file")).orElseThrow();
    assertThat(b.read(file.handle(), 0, 10)).isEqualTo(n("hello"));
    Files.writeString(root.resolve("ext/other"), "x");
    assertThat(b.readdir(ext)).hasSize(2);
  }

  // ---- errors ----

  @Test
  void errorsAreBackendExceptionsWithClearMessages() {
    b.create(top, n("exists"), 0644);
    b.mkdir(top, n("dir"), 0755);
    assertFails(() -> b.create(top, n("exists"), 0644), "create", "exists", "already exists");
    assertFails(() -> b.mkdir(top, n("exists"), 0755), "mkdir", "exists", "already exists");
    assertFails(() -> b.symlink(top, n("dir"), n("t")), "symlink", "dir", "already exists");
    assertFails(() -> b.create(top, n("dir"), 0644), "create", "already exists");
    assertFails(() -> b.remove(top, n("missing")), "remove", "missing", "no such entry");
    assertFails(() -> b.rmdir(top, n("missing")), "rmdir", "missing", "no such entry");
    assertFails(() -> b.getattr(new byte[5]), "malformed local handle", "5 bytes");
    assertFails(
        () -> b.getattr(new LocalHandle(Long.MAX_VALUE, 0).toBytes()), "stale local handle");
    assertFails(() -> b.create(top, n("bad"), 0100644), "outside 07777");
    assertFails(() -> b.create(top, new byte[256], 0644), "NUL");
    byte[] tooLong = new byte[256];
    Arrays.fill(tooLong, (byte) 'n');
    assertFails(() -> b.create(top, tooLong, 0644), "create", "File name too long");
    assertFails(() -> b.symlink(top, n("s"), new byte[0]), "empty symbolic link target");
    byte[] hugeTarget = new byte[5000];
    Arrays.fill(hugeTarget, (byte) 'x');
    assertFails(() -> b.symlink(top, n("s"), hugeTarget), "symlink", "File name too long");
    assertFails(() -> b.symlink(top, n("s"), bytes('a', 0, 'b')), "NUL");
  }

  @Test
  void namesTheWrapperNeverSendsAreRejected() {
    Found f = b.create(top, n("f"), 0644);
    for (byte[] bad : List.of(n(""), n("."), n(".."), n("a/b"), n("/"), bytes('a', 0))) {
      String what = HexFormat.of().formatHex(bad);
      assertThatThrownBy(() -> b.create(top, bad, 0644))
          .as(what)
          .isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> b.lookup(top, bad)).as(what).isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> b.mkdir(top, bad, 0755))
          .as(what)
          .isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> b.link(f.handle(), top, bad))
          .as(what)
          .isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> b.rename(top, n("f"), top, bad))
          .as(what)
          .isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> b.remove(top, bad)).as(what).isInstanceOf(BackendException.class);
    }
    assertThat(b.readdir(top)).hasSize(1);
  }

  // ---- raw byte names ----

  @Test
  void nonUtf8NamesRoundTripExactly() throws IOException, InterruptedException {
    byte[] longName = new byte[255];
    Arrays.fill(longName, (byte) 0xff);
    List<byte[]> names =
        List.of(
            bytes(0xff, 0xfe),
            bytes(0xc3, 0x28),
            bytes(0x80),
            bytes('c', 'a', 'f', 0xe9),
            n("caf\u00e9"),
            n("%FF"),
            n("%"),
            n("a%2Fb"),
            n("new\nline"),
            n("?#;:@&=+$,"),
            n("back\\slash"),
            n(" spaced "),
            n("..."),
            n(".hidden"),
            bytes(0xed, 0xa0, 0x80),
            bytes(0xf0, 0x9f, 0x98, 0x80),
            longName);
    Map<String, byte[]> handles = new HashMap<>();
    for (byte[] name : names) {
      handles.put(HexFormat.of().formatHex(name), b.create(top, name, 0644).handle());
    }
    Map<String, byte[]> listed = new HashMap<>();
    for (Entry e : b.readdir(top)) {
      listed.put(HexFormat.of().formatHex(e.name()), e.handle());
    }
    assertThat(listed.keySet()).isEqualTo(handles.keySet());
    for (byte[] name : names) {
      String hex = HexFormat.of().formatHex(name);
      assertThat(listed.get(hex)).as(hex).isEqualTo(handles.get(hex));
      assertThat(b.lookup(top, name).orElseThrow().handle()).as(hex).isEqualTo(handles.get(hex));
    }
    // the names on disk are the raw bytes (seen by find(1), not by java.nio)
    assertThat(namesOnDisk(root)).isEqualTo(new TreeSet<>(handles.keySet()));
    // rename between odd names, directories with odd names, and a reopen
    Found dir = b.mkdir(top, bytes(0xfe, 0xfd), 0755);
    Found inner = b.create(dir.handle(), bytes(0x81), 0600);
    b.rename(top, bytes(0xff, 0xfe), dir.handle(), bytes(0xfe, 0xff));
    assertThat(b.lookup(dir.handle(), bytes(0xfe, 0xff)).orElseThrow().handle())
        .isEqualTo(handles.get("fffe"));
    assertThat(b.lookup(top, bytes(0xff, 0xfe))).isEmpty();
    LocalDirectoryBackend again = open();
    assertThat(again.lookup(dir.handle(), bytes(0x81)).orElseThrow().handle())
        .isEqualTo(inner.handle());
    assertThat(again.readdir(dir.handle()))
        .extracting(e -> HexFormat.of().formatHex(e.name()))
        .containsExactlyInAnyOrder("81", "feff");
  }

  /** The names in {@code dir} as hex, read by find(1) (NUL-separated raw bytes). */
  private static TreeSet<String> namesOnDisk(Path dir) throws IOException, InterruptedException {
    byte[] out =
        BoundedCommand.succeed(
                COMMAND_LIMIT,
                "find",
                dir.toString(),
                "-mindepth",
                "1",
                "-maxdepth",
                "1",
                "-printf",
                "%f\\0")
            .output();
    TreeSet<String> names = new TreeSet<>();
    int start = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        names.add(HexFormat.of().formatHex(out, start, i));
        start = i + 1;
      }
    }
    assertThat(start).as("find output ends with NUL").isEqualTo(out.length);
    return names;
  }

  // ---- symbolic links are never followed ----

  @Test
  void aSymlinkToEtcIsNeverFollowed() throws IOException {
    Attributes etcBefore = UnixStat.lstat(Path.of("/etc"));
    Found etc = b.symlink(top, n("etc"), n("/etc"));
    Attributes a = b.getattr(etc.handle());
    assertThat(a.kind()).isEqualTo(Kind.SYMLINK);
    assertThat(a.size()).isEqualTo(4);
    assertThat(a.fileid()).isNotEqualTo(etcBefore.fileid());
    assertThat(b.readlink(etc.handle())).isEqualTo(n("/etc"));
    assertThat(b.lookup(top, n("etc")).orElseThrow().attributes().kind()).isEqualTo(Kind.SYMLINK);
    assertFails(() -> b.lookup(etc.handle(), n("passwd")), "lookup", "not a directory");
    assertFails(() -> b.readdir(etc.handle()), "readdir", "not a directory");
    assertFails(() -> b.read(etc.handle(), 0, 10), "read", "SYMLINK");
    assertFails(
        () -> b.setattr(etc.handle(), new SetAttributes(0700, null, null, null)),
        "chmod",
        "SYMLINK");
    assertThat(b.readdir(top))
        .singleElement()
        .satisfies(e -> assertThat(e.attributes().kind()).isEqualTo(Kind.SYMLINK));
    // a reopen walks the tree without descending into the link
    LocalDirectoryBackend again = open();
    assertFails(() -> again.lookup(etc.handle(), n("passwd")), "not a directory");
    b.rename(top, n("etc"), top, n("etc2"));
    b.remove(top, n("etc2"));
    assertThat(UnixStat.lstat(Path.of("/etc")))
        .extracting(Attributes::kind, Attributes::mode, Attributes::uid, Attributes::gid)
        .containsExactly(etcBefore.kind(), etcBefore.mode(), etcBefore.uid(), etcBefore.gid());
  }

  @Test
  void noOperationFollowsASymlinkOutOfTheRoot() throws IOException {
    Path sentinel = Files.writeString(outside.resolve("sentinel"), "keep");
    Files.setAttribute(sentinel, "unix:mode", 0644);
    Attributes dirBefore = UnixStat.lstat(outside);
    Attributes fileBefore = UnixStat.lstat(sentinel);
    Found out = b.symlink(top, n("out"), n(outside.toString()));
    Found outFile = b.symlink(top, n("outfile"), n(sentinel.toString()));
    Found mine = b.create(top, n("mine"), 0644);

    assertFails(() -> b.create(out.handle(), n("x"), 0644), "create", "not a directory");
    assertFails(() -> b.mkdir(out.handle(), n("x"), 0755), "mkdir", "not a directory");
    assertFails(() -> b.symlink(out.handle(), n("x"), n("y")), "symlink", "not a directory");
    assertFails(() -> b.link(mine.handle(), out.handle(), n("x")), "link", "not a directory");
    assertFails(() -> b.remove(out.handle(), n("sentinel")), "remove", "not a directory");
    assertFails(() -> b.rmdir(out.handle(), n("sentinel")), "rmdir", "not a directory");
    assertFails(() -> b.rename(out.handle(), n("sentinel"), top, n("stolen")), "rename");
    assertFails(() -> b.rename(top, n("mine"), out.handle(), n("x")), "rename");
    assertFails(() -> b.write(outFile.handle(), 0, n("evil")), "write", "SYMLINK");
    assertFails(() -> b.read(outFile.handle(), 0, 10), "read", "SYMLINK");
    assertFails(() -> b.setattr(outFile.handle(), SetAttributes.size(0)), "truncate", "SYMLINK");
    assertFails(
        () -> b.setattr(outFile.handle(), new SetAttributes(0777, null, null, null)), "SYMLINK");
    assertFails(
        () -> b.setattr(out.handle(), new SetAttributes(0700, null, null, null)), "SYMLINK");
    if (isRoot()) {
      // chown of a link changes the link (lchown), not its target
      b.setattr(outFile.handle(), new SetAttributes(null, 4321, 4321, null));
      b.setattr(out.handle(), new SetAttributes(null, 4321, 4321, null));
      assertThat(b.getattr(outFile.handle()).uid()).isEqualTo(4321);
    }
    b.link(outFile.handle(), top, n("hard"));
    assertThat(b.lookup(top, n("hard")).orElseThrow().attributes().kind()).isEqualTo(Kind.SYMLINK);
    b.rename(top, n("out"), top, n("out2"));
    b.remove(top, n("out2"));
    b.remove(top, n("hard"));
    b.remove(top, n("outfile"));

    assertThat(UnixStat.lstat(outside)).isEqualTo(dirBefore);
    assertThat(UnixStat.lstat(sentinel)).isEqualTo(fileBefore);
    assertThat(Files.readString(sentinel)).isEqualTo("keep");
    try (var listing = Files.list(outside)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("sentinel");
    }
    assertThat(b.readdir(top)).extracting(e -> new String(e.name(), UTF_8)).containsExactly("mine");
  }
}
