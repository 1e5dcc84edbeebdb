package org.bftnfs.backend.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.bftnfs.backend.Backend.Attributes;
import org.bftnfs.backend.Backend.Entry;
import org.bftnfs.backend.Backend.Found;
import org.bftnfs.backend.Backend.Kind;
import org.bftnfs.backend.Backend.SetAttributes;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.testkit.Prerequisite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * Every {@link org.bftnfs.backend.Backend} method of {@link NfsBackend} against a real nfs-ganesha
 * (FSAL_VFS) serving a directory of the file system a subclass provides. Each test works in its own
 * fresh subdirectory; the tests that crash, pause or restart the daemon start an instance of their
 * own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NfsBackendContract {

  private static final int MIB = 1 << 20;

  private GaneshaServer server;
  private NfsBackend backend;
  private Path fileSystem;
  private Path exportDir;
  private byte[] dir;
  private Path localDir;

  /**
   * A directory on the file system under test for this class's exports; null when that file system
   * is not available here (the class is then skipped, or failed under CI, with {@link
   * #unavailable()} as the reason).
   */
  abstract Path prepareFileSystem() throws IOException;

  /** Why {@link #prepareFileSystem()} returned null. */
  abstract String unavailable();

  /** Releases what {@link #prepareFileSystem()} made (after its content is removed). */
  abstract void releaseFileSystem() throws IOException;

  /** A fresh, empty directory on the file system under test. */
  Path newDirectory() throws IOException {
    return Files.createTempDirectory(fileSystem, "export-");
  }

  @BeforeAll
  void startServer() throws IOException {
    Prerequisite.require(
        GaneshaServer.available(),
        () -> GaneshaServer.unavailableReason().orElse("nfs-ganesha unavailable"));
    fileSystem = prepareFileSystem();
    Prerequisite.require(fileSystem != null, () -> unavailable());
    exportDir = newDirectory();
    server = GaneshaServer.start(exportDir);
    backend = server.openBackend();
  }

  @AfterAll
  void stopServer() throws IOException {
    try {
      if (backend != null) {
        backend.close();
      }
      if (server != null) {
        server.close();
      }
    } finally {
      if (fileSystem != null) {
        TreeRemoval.removeContent(fileSystem);
        releaseFileSystem();
      }
    }
  }

  @BeforeEach
  void freshDirectory(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    dir = backend.mkdir(backend.root(), bytes(name), 0755).handle();
    localDir = exportDir.resolve(name);
  }

  /** The server states (FSINFO) that it holds files of the project's default 1 TiB. */
  @Test
  void holdsFilesOfATebibyte() {
    assertThat(backend.maxFileSize(1L << 40)).isEqualTo(1L << 40);
  }

  @Test
  void createLookupGetattr() throws IOException {
    Found created = backend.create(dir, bytes("f"), 0640);

    Attributes a = created.attributes();
    assertThat(a.kind()).isEqualTo(Kind.FILE);
    assertThat(a.mode()).isEqualTo(0640);
    assertThat(a.nlink()).isEqualTo(1);
    assertThat(a.size()).isZero();
    assertThat(a.uid()).isZero();
    assertThat(a.fileid()).isEqualTo(Files.getAttribute(localDir.resolve("f"), "unix:ino"));
    Found looked = backend.lookup(dir, bytes("f")).orElseThrow();
    assertThat(looked.handle()).isEqualTo(created.handle());
    assertThat(looked.attributes()).isEqualTo(a);
    assertThat(backend.getattr(created.handle())).isEqualTo(a);
    assertThat(backend.getattr(backend.root()).kind()).isEqualTo(Kind.DIRECTORY);
    assertThat(backend.getattr(backend.root()).fsid()).isEqualTo(a.fsid());
  }

  @Test
  void mkdirSymlinkReadlink() {
    Found sub = backend.mkdir(dir, bytes("sub"), 0750);
    assertThat(sub.attributes().kind()).isEqualTo(Kind.DIRECTORY);
    assertThat(sub.attributes().mode()).isEqualTo(0750);
    assertThat(sub.attributes().nlink()).isEqualTo(2);
    assertThat(backend.getattr(dir).nlink()).isEqualTo(3);

    byte[] target = bytes("../some/where/else");
    Found link = backend.symlink(sub.handle(), bytes("l"), target);
    assertThat(link.attributes().kind()).isEqualTo(Kind.SYMLINK);
    assertThat(link.attributes().size()).isEqualTo(target.length);
    assertThat(backend.readlink(link.handle())).isEqualTo(target);
    assertThat(backend.lookup(sub.handle(), bytes("l")).orElseThrow().handle())
        .isEqualTo(link.handle());
  }

  @Test
  void setattrChangesOnlyTheGivenFields() throws IOException {
    byte[] f = backend.create(dir, bytes("f"), 0600).handle();
    backend.write(f, 0, new byte[200]);

    backend.setattr(f, new SetAttributes(0604, null, null, null));
    assertThat(backend.getattr(f))
        .extracting(Attributes::mode, Attributes::uid, Attributes::gid, Attributes::size)
        .containsExactly(0604, 0, 0, 200L);

    backend.setattr(f, new SetAttributes(null, 1234, 5678, null));
    assertThat(backend.getattr(f))
        .extracting(Attributes::mode, Attributes::uid, Attributes::gid, Attributes::size)
        .containsExactly(0604, 1234, 5678, 200L);
    assertThat(Files.getAttribute(localDir.resolve("f"), "unix:uid")).isEqualTo(1234);

    backend.setattr(f, SetAttributes.size(10));
    assertThat(backend.getattr(f).size()).isEqualTo(10);
    backend.setattr(f, SetAttributes.size(3 * MIB));
    assertThat(backend.getattr(f))
        .extracting(Attributes::mode, Attributes::uid, Attributes::gid, Attributes::size)
        .containsExactly(0604, 1234, 5678, 3L * MIB);

    backend.setattr(f, new SetAttributes(02711, null, null, null));
    assertThat(backend.getattr(f).mode()).isEqualTo(02711);
    backend.setattr(f, SetAttributes.owner(04755, 0, 0));
    assertThat(backend.getattr(f))
        .extracting(Attributes::mode, Attributes::uid, Attributes::gid)
        .containsExactly(04755, 0, 0);
    backend.setattr(f, new SetAttributes(null, null, null, null));
    assertThat(backend.getattr(f).mode()).isEqualTo(04755);
  }

  @Test
  void writeAndReadSmall() {
    byte[] f = backend.create(dir, bytes("f"), 0644).handle();
    backend.write(f, 0, bytes("hello world"));
    backend.write(f, 6, bytes("WORLD"));

    assertThat(backend.read(f, 0, 100)).isEqualTo(bytes("hello WORLD"));
    assertThat(backend.read(f, 6, 3)).isEqualTo(bytes("WOR"));
    assertThat(backend.read(f, 11, 10)).isEmpty();
    assertThat(backend.read(f, 1_000, 10)).isEmpty();
    assertThat(backend.read(f, 0, 0)).isEmpty();
    backend.write(f, 0, new byte[0]);
    assertThat(backend.getattr(f).size()).isEqualTo(11);
  }

  @Test
  void writeAndReadFiveMebibytes() throws IOException {
    byte[] data = new byte[5 * MIB + 123];
    new Random(42).nextBytes(data);
    byte[] f = backend.create(dir, bytes("big"), 0644).handle();

    backend.write(f, 0, data);

    assertThat(backend.writeChunk()).isLessThan(data.length);
    assertThat(backend.getattr(f).size()).isEqualTo(data.length);
    assertThat(Files.readAllBytes(localDir.resolve("big"))).isEqualTo(data);
    assertThat(backend.read(f, 0, data.length + 1000)).isEqualTo(data);
    byte[] middle = backend.read(f, MIB - 7, 2 * MIB + 11);
    assertThat(middle).hasSize(2 * MIB + 11);
    assertThat(middle[0]).isEqualTo(data[MIB - 7]);
    assertThat(middle[middle.length - 1]).isEqualTo(data[3 * MIB + 3]);
  }

  @Test
  void sparseWriteReadsZerosBefore() {
    byte[] f = backend.create(dir, bytes("sparse"), 0644).handle();
    backend.write(f, 3L * MIB, bytes("tail"));

    assertThat(backend.getattr(f).size()).isEqualTo(3L * MIB + 4);
    byte[] all = backend.read(f, 0, 4 * MIB);
    assertThat(all).hasSize(3 * MIB + 4);
    for (int i = 0; i < 3 * MIB; i++) {
      if (all[i] != 0) {
        throw new AssertionError("byte " + i + " of the hole is " + all[i]);
      }
    }
    assertThat(new String(all, 3 * MIB, 4, StandardCharsets.UTF_8)).isEqualTo("tail");
  }

  @Test
  void readdirOfFifteenHundredEntriesListsEachOnce() {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 1_500; i++) {
      String name = "entry-" + i + "-" + "x".repeat(i % 40);
      backend.create(dir, bytes(name), 0644);
      expected.add(name);
    }
    Found sub = backend.mkdir(dir, bytes("a-directory"), 0755);
    Found link = backend.symlink(dir, bytes("a-link"), bytes("entry-1"));
    expected.add("a-directory");
    expected.add("a-link");

    List<Entry> entries = backend.readdir(dir);

    assertThat(entries).hasSize(expected.size());
    assertThat(entries.stream().map(e -> string(e.name())).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(backend.usesReaddirplus()).isTrue();
    for (Entry e : entries) {
      Kind kind = e.attributes().kind();
      switch (string(e.name())) {
        case "a-directory" -> {
          assertThat(kind).isEqualTo(Kind.DIRECTORY);
          assertThat(e.handle()).isEqualTo(sub.handle());
        }
        case "a-link" -> {
          assertThat(kind).isEqualTo(Kind.SYMLINK);
          assertThat(e.handle()).isEqualTo(link.handle());
        }
        default -> assertThat(kind).isEqualTo(Kind.FILE);
      }
    }
    Entry some = entries.get(entries.size() / 2);
    Found looked = backend.lookup(dir, some.name()).orElseThrow();
    assertThat(looked.handle()).isEqualTo(some.handle());
    assertThat(looked.attributes()).isEqualTo(some.attributes());
  }

  @Test
  void readdirOfEmptyDirectoryIsEmpty() {
    assertThat(backend.readdir(dir)).isEmpty();
  }

  @Test
  void removeAndRmdir() {
    backend.create(dir, bytes("f"), 0644);
    Found sub = backend.mkdir(dir, bytes("d"), 0755);
    backend.create(sub.handle(), bytes("inner"), 0644);

    backend.remove(dir, bytes("f"));
    assertThat(backend.lookup(dir, bytes("f"))).isEmpty();
    assertThatThrownBy(() -> backend.rmdir(dir, bytes("d")))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("RMDIR failed: NFS3ERR_NOTEMPTY");
    backend.remove(sub.handle(), bytes("inner"));
    backend.rmdir(dir, bytes("d"));
    assertThat(backend.readdir(dir)).isEmpty();
    assertThatThrownBy(() -> backend.remove(dir, bytes("f")))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("REMOVE failed: NFS3ERR_NOENT");
  }

  @Test
  void renameAcrossDirectoriesAndOverTargets() {
    Found a = backend.mkdir(dir, bytes("a"), 0755);
    Found b = backend.mkdir(dir, bytes("b"), 0755);
    Found f = backend.create(a.handle(), bytes("f"), 0644);
    backend.write(f.handle(), 0, bytes("moved"));

    backend.rename(a.handle(), bytes("f"), b.handle(), bytes("g"));
    assertThat(backend.lookup(a.handle(), bytes("f"))).isEmpty();
    Found g = backend.lookup(b.handle(), bytes("g")).orElseThrow();
    assertThat(g.attributes().fileid()).isEqualTo(f.attributes().fileid());
    assertThat(backend.read(g.handle(), 0, 10)).isEqualTo(bytes("moved"));

    Found victim = backend.create(a.handle(), bytes("victim"), 0644);
    backend.link(victim.handle(), b.handle(), bytes("victim-link"));
    assertThat(backend.getattr(victim.handle()).nlink()).isEqualTo(2);
    backend.rename(b.handle(), bytes("g"), a.handle(), bytes("victim"));
    assertThat(backend.lookup(a.handle(), bytes("victim")).orElseThrow().attributes().fileid())
        .isEqualTo(f.attributes().fileid());
    Found survivor = backend.lookup(b.handle(), bytes("victim-link")).orElseThrow();
    assertThat(survivor.attributes().fileid()).isEqualTo(victim.attributes().fileid());
    assertThat(survivor.attributes().nlink()).isEqualTo(1);
  }

  @Test
  void linkAddsAName() {
    Found f = backend.create(dir, bytes("f"), 0644);
    backend.write(f.handle(), 0, bytes("shared"));
    Found sub = backend.mkdir(dir, bytes("sub"), 0755);

    backend.link(f.handle(), sub.handle(), bytes("again"));

    Found again = backend.lookup(sub.handle(), bytes("again")).orElseThrow();
    assertThat(again.attributes().fileid()).isEqualTo(f.attributes().fileid());
    assertThat(again.attributes().nlink()).isEqualTo(2);
    assertThat(backend.read(again.handle(), 0, 100)).isEqualTo(bytes("shared"));
    backend.remove(dir, bytes("f"));
    assertThat(backend.getattr(again.handle()).nlink()).isEqualTo(1);
  }

  @Test
  void errorsNameServerProcedureAndStatus() {
    backend.create(dir, bytes("f"), 0644);
    backend.mkdir(dir, bytes("d"), 0755);

    assertThatThrownBy(() -> backend.create(dir, bytes("f"), 0644))
        .isInstanceOf(BackendException.class)
        .hasMessage(server.endpoint().where() + ": CREATE failed: NFS3ERR_EXIST");
    assertThatThrownBy(() -> backend.mkdir(dir, bytes("d"), 0755))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("MKDIR failed: NFS3ERR_EXIST");
    assertThatThrownBy(() -> backend.symlink(dir, bytes("f"), bytes("x")))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("SYMLINK failed: NFS3ERR_EXIST");
    assertThat(backend.lookup(dir, bytes("missing"))).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> backend.getattr(new byte[] {1, 2, 3, 4}))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("GETATTR failed: NFS3ERR_");
    byte[] file = backend.lookup(dir, bytes("f")).orElseThrow().handle();
    assertThatThrownBy(() -> backend.lookup(file, bytes("x")))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("LOOKUP failed: NFS3ERR_NOTDIR");
    assertThatThrownBy(() -> backend.readdir(file))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("failed: NFS3ERR_NOTDIR");
  }

  @Test
  void killedServerFailsTheNextCallWithinTheTimeout() throws IOException {
    Duration timeout = Duration.ofSeconds(2);
    try (GaneshaServer own = GaneshaServer.start(newDirectory());
        NfsBackend b = own.openBackend(timeout)) {
      byte[] f = b.create(b.root(), bytes("f"), 0644).handle();
      own.kill();

      long t0 = System.nanoTime();
      assertThatThrownBy(() -> b.getattr(f))
          .isInstanceOf(BackendException.class)
          .hasMessageStartingWith(own.endpoint().where() + ": GETATTR failed: ");
      assertThatThrownBy(() -> b.write(f, 0, new byte[3 * MIB]))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("WRITE failed: ");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(timeout.multipliedBy(2));
      assertThat(own.isRunning()).isFalse();
    }
  }

  @Test
  void pausedServerTimesOutAndRecoversAfterResume() throws IOException {
    Duration timeout = Duration.ofMillis(500);
    try (GaneshaServer own = GaneshaServer.start(newDirectory());
        NfsBackend b = own.openBackend(timeout)) {
      byte[] f = b.create(b.root(), bytes("f"), 0644).handle();
      own.pause();

      long t0 = System.nanoTime();
      assertThatThrownBy(() -> b.getattr(f))
          .isInstanceOf(BackendException.class)
          .hasMessage(own.endpoint().where() + ": GETATTR failed: no reply within 500 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));

      own.resume();
      assertThat(b.getattr(f).kind()).isEqualTo(Kind.FILE);
    }
  }

  @Test
  void restartKeepsHandlesAndData() throws IOException {
    byte[] data = new byte[MIB + 5];
    new Random(7).nextBytes(data);
    try (GaneshaServer own = GaneshaServer.start(newDirectory());
        NfsBackend b = own.openBackend()) {
      Found sub = b.mkdir(b.root(), bytes("sub"), 0755);
      Found f = b.create(sub.handle(), bytes("f"), 0644);
      b.write(f.handle(), 0, data);
      int nfsPort = own.nfsPort();
      long firstPid = own.pid();

      own.restart();
      assertThat(own.pid()).isNotEqualTo(firstPid);
      assertThat(own.nfsPort()).isEqualTo(nfsPort);
      Attributes after = b.getattr(f.handle());
      assertThat(after.fileid()).isEqualTo(f.attributes().fileid());
      assertThat(after.size()).isEqualTo(data.length);
      assertThat(b.read(f.handle(), 0, data.length)).isEqualTo(data);

      own.kill();
      own.restart();
      try (NfsBackend fresh = own.openBackend()) {
        assertThat(fresh.root()).isEqualTo(b.root());
        assertThat(fresh.lookup(sub.handle(), bytes("f")).orElseThrow().handle())
            .isEqualTo(f.handle());
        assertThat(fresh.read(f.handle(), 0, data.length)).isEqualTo(data);
      }
      assertThat(b.read(f.handle(), 0, data.length)).isEqualTo(data);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
