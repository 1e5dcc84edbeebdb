package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.testkit.Prerequisite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The persistent backends of {@code bin/bftnfs serve} across restarts, with a real client
 * (libnfs-utils): files written before SIGTERM are there after the next start on the same {@code
 * --data}; a server that did not stop cleanly left no conformance rep, and serving its export again
 * is refused with one line; a backend changed behind the server's back is a SERVERFAULT, not a
 * wrong answer.
 */
@Timeout(90)
class ServeRestartIT {

  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (ServerProcess s : servers) {
      s.destroyForcibly();
    }
  }

  private ServerProcess serve(Path work, String backend) throws Exception {
    ServerProcess s =
        ServerProcess.start(
            work, "--backend", backend, "--port", "0", "--data", work.resolve("data").toString());
    servers.add(s);
    return s;
  }

  private static ClientCommand nfs(Path work, String... argv) throws Exception {
    return ClientCommand.run(work, argv);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "ganesha"})
  void aFileWrittenBeforeSigtermIsThereAfterTheNextStart(String backend, @TempDir Path work)
      throws Exception {
    if (backend.equals("ganesha")) {
      Prerequisite.require(
          GaneshaServer.available(),
          () -> "nfs-ganesha cannot run here: " + GaneshaServer.unavailableReason().orElse(""));
    }
    byte[] content = new byte[300_000];
    new Random(7).nextBytes(content);
    Path local = Files.write(work.resolve("kept.bin"), content);

    ServerProcess first = serve(work, backend);
    ClientCommand cp = nfs(work, "nfs-cp", local.toString(), first.fileUrl("kept.bin", ""));
    assertThat(cp.exitCode()).as(cp.toString()).isZero();
    List<ProcessHandle> started = first.children();
    assertThat(first.terminate(20)).as("exit code after SIGTERM").isZero();
    assertThat(first.stderr()).isEmpty();
    assertThat(started).noneMatch(ProcessHandle::isAlive);
    assertThat(work.resolve("data/conformance-rep")).isRegularFile();

    ServerProcess second = serve(work, backend);
    assertThat(second.notes())
        .singleElement()
        .asString()
        .contains("restored with the rep saved at the last shutdown");
    ClientCommand cat = nfs(work, "nfs-cat", second.fileUrl("kept.bin", ""));
    assertThat(cat.exitCode()).as(cat.toString()).isZero();
    assertThat(Files.readAllBytes(cat.stdout())).isEqualTo(content);
    ClientCommand ls = nfs(work, "nfs-ls", second.url());
    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    assertThat(ls.output().lines().filter(l -> l.endsWith(" kept.bin")))
        .singleElement()
        .satisfies(line -> assertThat(line.split("\\s+")).contains("300000"));
    assertThat(second.terminate(20)).isZero();
    assertThat(second.stderr()).isEmpty();
  }

  @Test
  void anExportLeftWithoutItsRepIsRefusedWithOneLine(@TempDir Path work) throws Exception {
    ServerProcess crashed = serve(work, "local");
    Path local = Files.writeString(work.resolve("a.txt"), "a\n");
    ClientCommand cp = nfs(work, "nfs-cp", local.toString(), crashed.fileUrl("a.txt", ""));
    assertThat(cp.exitCode()).as(cp.toString()).isZero();
    crashed.destroyForcibly(); // SIGKILL: no rep is written
    assertThat(work.resolve("data/conformance-rep")).doesNotExist();

    ServerProcess.Exited refused =
        ServerProcess.expectExit(
            work, "--backend", "local", "--port", "0", "--data", work.resolve("data").toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.stderr().lines())
        .singleElement()
        .asString()
        .startsWith("error: ")
        .contains("already holds files", work.resolve("data/conformance-rep").toString());
  }

  @Test
  void aFileRemovedBehindTheServersBackIsAServerFaultAndNoRepIsSaved(@TempDir Path work)
      throws Exception {
    ServerProcess server = serve(work, "local");
    Path local = Files.writeString(work.resolve("gone.txt"), "soon gone\n");
    ClientCommand cp = nfs(work, "nfs-cp", local.toString(), server.fileUrl("gone.txt", ""));
    assertThat(cp.exitCode()).as(cp.toString()).isZero();
    Files.delete(work.resolve("data/export/root/gone.txt"));

    ClientCommand cat = nfs(work, "nfs-cat", server.fileUrl("gone.txt", ""));
    assertThat(cat.exitCode()).isNotZero();
    assertThat(cat.stderr()).contains("NFS3ERR_SERVERFAULT");
    List<String> warnings = server.stderr().lines().toList();
    assertThat(warnings)
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(" WARN ", "SERVERFAULT", "ReplicaFaultException", "local directory"));
    assertThat(warnings.get(0)).contains("gone.txt");

    assertThat(server.terminate(20)).as("a server that could not keep its state").isEqualTo(1);
    assertThat(server.stderr().lines().skip(warnings.size()))
        .singleElement()
        .asString()
        .startsWith("error: the conformance rep is not saved");
    assertThat(work.resolve("data/conformance-rep")).doesNotExist();
  }
}
