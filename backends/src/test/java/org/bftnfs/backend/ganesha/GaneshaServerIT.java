package org.bftnfs.backend.ganesha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bftnfs.backend.Backend.Kind;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.nfs.NfsBackend;
import org.bftnfs.testkit.Prerequisite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and running side by side real nfs-ganesha instances. */
class GaneshaServerIT {

  @TempDir Path temp;

  @BeforeAll
  static void needGanesha() {
    Prerequisite.require(
        GaneshaServer.available(),
        () -> GaneshaServer.unavailableReason().orElse("nfs-ganesha unavailable"));
  }

  @Test
  void startsServesAndStopsWithinBounds() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("export"));
    Files.writeString(dir.resolve("hello"), "hi");
    Path home;
    long pid;
    try (GaneshaServer server = GaneshaServer.start(dir)) {
      home = server.home();
      pid = server.pid();
      assertThat(server.isRunning()).isTrue();
      assertThat(server.lastStartTime()).isLessThan(Duration.ofSeconds(5));
      assertThat(server.logProblems()).isEmpty();
      assertThat(server.exportId()).isEqualTo(server.nfsPort());
      assertThat(Files.readString(home.resolve("ganesha.conf")))
          .contains("NFS_Port = " + server.nfsPort() + ";")
          .contains("MNT_Port = " + server.mountPort() + ";")
          .contains("Path = \"" + dir + "\";");
      try (NfsBackend b = server.openBackend()) {
        byte[] hello =
            b.lookup(b.root(), "hello".getBytes(StandardCharsets.UTF_8)).orElseThrow().handle();
        assertThat(b.read(hello, 0, 10)).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
      }
      server.stop();
      assertThat(server.isRunning()).isFalse();
      assertThat(server.lastStopTime())
          .isLessThan(Duration.ofSeconds(GaneshaServer.STOP_TIMEOUT_S));
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
      server.restart();
      assertThat(server.isRunning()).isTrue();
    }
    assertThat(home).doesNotExist();
    assertThat(Rpcbind.listening()).isTrue();
  }

  @Test
  void twoInstancesSideBySideServeTheirOwnDirectories() throws IOException {
    Path dirA = Files.createDirectory(temp.resolve("a"));
    Path dirB = Files.createDirectory(temp.resolve("b"));
    Files.writeString(dirA.resolve("only-in-a"), "a");
    Files.writeString(dirB.resolve("only-in-b"), "b");
    try (GaneshaServer a = GaneshaServer.start(dirA);
        GaneshaServer b = GaneshaServer.start(dirB);
        NfsBackend onA = a.openBackend();
        NfsBackend onB = b.openBackend()) {
      assertThat(a.nfsPort()).isNotIn(b.nfsPort(), b.mountPort());
      assertThat(a.exportId()).isNotEqualTo(b.exportId());
      assertThat(names(onA)).containsExactly("only-in-a");
      assertThat(names(onB)).containsExactly("only-in-b");

      byte[] fileOnA = onA.create(onA.root(), bytes("new"), 0644).handle();
      assertThat(Files.exists(dirA.resolve("new"))).isTrue();
      assertThat(Files.exists(dirB.resolve("new"))).isFalse();
      assertThatThrownBy(() -> onB.getattr(fileOnA))
          .as("a handle of one instance is not valid on another")
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("GETATTR failed: NFS3ERR_");

      a.stop();
      assertThat(onB.getattr(onB.root()).kind()).isEqualTo(Kind.DIRECTORY);
    }
  }

  /**
   * Every instance registers with rpcbind as it starts; of instances started at the same moment
   * (the replicas of a local cluster) the losers of that race exit and are started again.
   */
  @Test
  void instancesStartedAtTheSameMomentAllStart() throws Exception {
    int count = 4;
    ExecutorService starters = Executors.newFixedThreadPool(count);
    List<GaneshaServer> running = Collections.synchronizedList(new ArrayList<>());
    try {
      for (int round = 0; round < 3; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          Path dir = Files.createDirectory(temp.resolve("race-" + round + "-" + i));
          started.add(
              starters.submit(
                  () -> {
                    go.await();
                    running.add(GaneshaServer.start(dir));
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : started) {
          f.get(60, TimeUnit.SECONDS);
        }
        for (GaneshaServer server : running) {
          try (NfsBackend b = server.openBackend()) {
            assertThat(b.getattr(b.root()).kind()).isEqualTo(Kind.DIRECTORY);
          }
        }
        for (GaneshaServer server : running) {
          server.close();
        }
        running.clear();
      }
    } finally {
      starters.shutdownNow();
      assertThat(starters.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      for (GaneshaServer server : running) {
        server.close();
      }
    }
  }

  @Test
  void explicitPortsAndExportIdAreUsed() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("export"));
    int[] ports = FreePorts.two();
    GaneshaOptions options =
        GaneshaOptions.of(dir)
            .withPorts(ports[0], ports[1])
            .withExportId(4321)
            .withPseudoPath("/x");
    try (GaneshaServer server = GaneshaServer.start(options);
        NfsBackend b = server.openBackend()) {
      assertThat(server.nfsPort()).isEqualTo(ports[0]);
      assertThat(server.mountPort()).isEqualTo(ports[1]);
      assertThat(server.exportId()).isEqualTo(4321);
      assertThat(b.endpoint().exportPath()).isEqualTo("/x");
      assertThat(b.getattr(b.root()).kind()).isEqualTo(Kind.DIRECTORY);
    }
  }

  @Test
  void badExportFailsTheStartWithTheLogsCriticalLines() {
    Path missing = temp.resolve("does-not-exist");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> GaneshaServer.start(missing))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("did not start")
        .hasMessageContaining("CONFIG :CRIT")
        .hasMessageContaining(missing.toString());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void takenPortFailsTheStartWithTheLogsFatalLine() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("export"));
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int[] ports = FreePorts.two();
      GaneshaOptions options = GaneshaOptions.of(dir).withPorts(taken.getLocalPort(), ports[1]);
      assertThatThrownBy(() -> GaneshaServer.start(options))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("exited with status")
          .hasMessageContaining("FATAL");
    }
  }

  private static java.util.List<String> names(NfsBackend b) {
    return b.readdir(b.root()).stream()
        .map(e -> new String(e.name(), StandardCharsets.UTF_8))
        .toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
