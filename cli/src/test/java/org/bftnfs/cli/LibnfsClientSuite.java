package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.testkit.Prerequisite;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real NFS client (libnfs-utils: nfs-ls, nfs-cp, nfs-cat) against {@code bin/bftnfs serve
 * --backend B} running as a child process; one subclass per backend. The tests share one server and
 * run in order, since each sees the files the previous ones made.
 *
 * <p>For the persistent backends the suite also checks that the bytes really are in {@code
 * DIR/export} (the backend holds the files, not the wrapper) and that SIGTERM saves the conformance
 * rep and stops what the server started.
 *
 * <p>libnfs-utils has no mkdir, rm or chmod: directories are not created here, REMOVE is covered by
 * the relay's {@code RelayOverSpecTest}, and the one chmod needed is done over NFS with oncrpc4j
 * ({@link #chmod}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
abstract class LibnfsClientSuite {

  private static final String AS_USER = "&uid=1000&gid=1000";
  private static final int BIG = 5 << 20;

  private Path work;
  private ServerProcess server;

  /** The {@code --backend} value under test. */
  abstract String backend();

  /** True when the backend keeps the files in {@code DIR/export}. */
  boolean persistent() {
    return true;
  }

  /**
   * Skips the suite (with the reason; fails it under CI, see {@link Prerequisite}) when the backend
   * cannot run here.
   */
  void assumeBackendPresent() {}

  @BeforeAll
  void startServer(@TempDir Path dir) throws IOException, InterruptedException {
    assumeBackendPresent();
    work = dir;
    for (String tool : new String[] {"nfs-ls", "nfs-cp", "nfs-cat"}) {
      Prerequisite.require(
          Files.isExecutable(Path.of("/usr/bin", tool)),
          () -> tool + " missing: install libnfs-utils (bin/test does), or run with -DskipITs");
    }
    server =
        ServerProcess.start(
            work, "--backend", backend(), "--port", "0", "--data", data().toString());
  }

  @AfterAll
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  /** The server under test. */
  ServerProcess server() {
    return server;
  }

  private Path data() {
    return work.resolve("data");
  }

  private ClientCommand nfs(String... argv) throws IOException, InterruptedException {
    return ClientCommand.run(work, argv);
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  @Order(1)
  void theServerAnnouncesAUrlWithBothPortsAndWhereTheStateLives() {
    URI uri = URI.create(server.url());
    assertThat(uri.getScheme()).isEqualTo("nfs");
    assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    assertThat(uri.getPath()).isEqualTo("/bftnfs");
    assertThat(uri.getQuery()).matches("version=3&nfsport=\\d+&mountport=\\d+");
    assertThat(Files.isDirectory(data())).isTrue();
    if (persistent()) {
      assertThat(server.notes())
          .singleElement()
          .asString()
          .startsWith("note: state is kept by ")
          .contains(data().resolve("export").toString(), "(new file system)")
          .contains(data().resolve("conformance-rep").toString());
    } else {
      assertThat(server.notes())
          .singleElement()
          .asString()
          .startsWith("note: state is held in memory");
    }
  }

  @Test
  @Order(2)
  void theRootStartsEmpty() throws Exception {
    ClientCommand ls = nfs("nfs-ls", server.url());
    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    assertThat(ls.output().lines().filter(l -> !l.endsWith(" .") && !l.endsWith(" .."))).isEmpty();
  }

  @Test
  @Order(3)
  void aMultiMebibyteFileGoesInAndComesBackIdentical() throws Exception {
    byte[] content = new byte[BIG];
    new Random(20_490_003L).nextBytes(content);
    Path local = Files.write(work.resolve("big.bin"), content);

    ClientCommand in = nfs("nfs-cp", local.toString(), server.fileUrl("big.bin", ""));
    assertThat(in.exitCode()).as(in.toString()).isZero();

    ClientCommand cat = nfs("nfs-cat", server.fileUrl("big.bin", ""));
    assertThat(cat.exitCode()).as(cat.toString()).isZero();
    assertThat(sha256(cat.stdout())).isEqualTo(sha256(local));

    Path back = work.resolve("back.bin");
    ClientCommand out = nfs("nfs-cp", server.fileUrl("big.bin", ""), back.toString());
    assertThat(out.exitCode()).as(out.toString()).isZero();
    assertThat(sha256(back)).isEqualTo(sha256(local));

    ClientCommand ls = nfs("nfs-ls", server.url());
    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    assertThat(ls.output().lines().filter(l -> l.endsWith(" big.bin")))
        .singleElement()
        .satisfies(line -> assertThat(line.split("\\s+")).contains(String.valueOf(BIG)));
  }

  @Test
  @Order(4)
  void theBytesAreWhereTheNoteSays() throws Exception {
    if (persistent()) {
      // the wrapper keeps the abstract root in DIR/export/root
      Path stored = data().resolve("export/root/big.bin");
      assertThat(stored).isRegularFile();
      assertThat(sha256(stored)).isEqualTo(sha256(work.resolve("big.bin")));
    } else {
      try (Stream<Path> files = Files.list(data())) {
        assertThat(files).as("an in-memory server writes nothing to --data").isEmpty();
      }
    }
  }

  @Test
  @Order(5)
  void readingAMissingFileFailsWithNoSuchFile() throws Exception {
    ClientCommand cat = nfs("nfs-cat", server.fileUrl("no-such-file", ""));
    assertThat(cat.exitCode()).isNotZero();
    assertThat(cat.stderr()).contains("NFS3ERR_NOENT");
  }

  @Test
  @Order(6)
  void anOrdinaryUserCannotWriteIntoRootsDirectory() throws Exception {
    Path local = Files.writeString(work.resolve("user.txt"), "from uid 1000\n");
    ClientCommand cp = nfs("nfs-cp", local.toString(), server.fileUrl("user.txt", AS_USER));
    assertThat(cp.exitCode()).isNotZero();
    assertThat(cp.stderr()).contains("NFS3ERR_ACCES");

    ClientCommand ls = nfs("nfs-ls", server.url());
    assertThat(ls.output()).doesNotContain("user.txt");
  }

  @Test
  @Order(7)
  void anOrdinaryUserReadsAWorldReadableFileButNotAPrivateOne() throws Exception {
    Path local = Files.writeString(work.resolve("shared.txt"), "hello, world\n");
    ClientCommand cp = nfs("nfs-cp", local.toString(), server.fileUrl("shared.txt", ""));
    assertThat(cp.exitCode()).as(cp.toString()).isZero();

    // nfs-cp creates files 0660: not readable by others yet
    ClientCommand denied = nfs("nfs-cat", server.fileUrl("shared.txt", AS_USER));
    assertThat(denied.exitCode()).isNotZero();
    assertThat(denied.stderr()).containsIgnoringCase("access denied");

    assertThat(chmod(server.mountPort(), "/bftnfs", "shared.txt", 0644)).isZero();

    ClientCommand cat = nfs("nfs-cat", server.fileUrl("shared.txt", AS_USER));
    assertThat(cat.exitCode()).as(cat.toString()).isZero();
    assertThat(cat.output()).isEqualTo("hello, world\n");
  }

  @Test
  @Order(100)
  void sigtermStopsTheServerWithExitCodeZero() throws Exception {
    String before = server.stderr();
    List<ProcessHandle> started = new ArrayList<>(server.children());
    assertThat(server.terminate(20)).as("exit code after SIGTERM").isZero();
    assertThat(server.stderr()).isEqualTo(before).doesNotContain("Exception");
    ClientCommand ls = nfs("nfs-ls", server.url());
    assertThat(ls.exitCode()).isNotZero();
    assertThat(started)
        .as("processes the server started, after it stopped")
        .noneMatch(ProcessHandle::isAlive);
    if (persistent()) {
      assertThat(data().resolve("conformance-rep")).isRegularFile();
    }
  }

  /**
   * chmod over NFS as root (MNT, LOOKUP, SETATTR), for what libnfs-utils cannot do: it has no
   * chmod, and nfs-cp creates files with mode 0660.
   *
   * @return the NFS status of SETATTR (0 = NFS3_OK), or of LOOKUP when that fails
   */
  private static int chmod(int port, String export, String name, int mode) throws Exception {
    try (NfsTestClient client = new NfsTestClient(port, Duration.ofSeconds(10))) {
      byte[] root = client.mount(export);
      NfsReply found = client.call(NfsCalls.lookup(root, name));
      if (NfsCalls.status(found) != 0) {
        return NfsCalls.status(found);
      }
      return NfsCalls.status(client.call(NfsCalls.setMode(NfsCalls.lookedUpHandle(found), mode)));
    }
  }
}
