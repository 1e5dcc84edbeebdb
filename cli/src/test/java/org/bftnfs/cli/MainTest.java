package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MainTest {

  private final LineQueue out = new LineQueue();
  private final LineQueue err = new LineQueue();
  private final Main main = new Main(out.printStream(), err.printStream(), Clock.systemUTC());
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopBackground() throws InterruptedException {
    background.shutdownNow();
    assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static StopSignal never() {
    return () -> {
      throw new AssertionError("the command should not have waited");
    };
  }

  @Test
  void helpPrintsUsage() throws InterruptedException {
    assertThat(main.run(List.of("help"), never())).isZero();
    assertThat(out.next(1)).startsWith("usage: bftnfs");
  }

  @Test
  void usageErrorsAreOneLineWithExitCodeTwo() throws InterruptedException {
    assertThat(main.run(List.of(), never())).isEqualTo(2);
    assertThat(main.run(List.of("frobnicate"), never())).isEqualTo(2);
    assertThat(main.run(List.of("serve", "--port", "-1"), never())).isEqualTo(2);
    assertThat(err.drain().lines())
        .containsExactly(
            "error: no command given (see 'bftnfs help')",
            "error: unknown command 'frobnicate' (see 'bftnfs help')",
            "error: --port must be between 0 and 65535, got -1");
  }

  @Test
  void portInUseIsAUsageError() throws IOException, InterruptedException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThat(main.run(List.of("serve", "--port", String.valueOf(port)), never())).isEqualTo(2);
      assertThat(err.drain())
          .isEqualTo("error: cannot listen on 127.0.0.1:" + port + ": address already in use\n");
    }
  }

  @Test
  void serveAnnouncesReadinessAndStopsOnSignal(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("a/b");
    CountDownLatch stop = new CountDownLatch(1);
    Future<Integer> code =
        background.submit(
            () ->
                main.run(List.of("serve", "--port", "0", "--data", data.toString()), stop::await));
    assertThat(out.next(30)).startsWith("note: state is held in memory");
    String ready = out.next(30);
    Matcher m =
        Pattern.compile(
                "ready: nfs://127\\.0\\.0\\.1/bftnfs\\?version=3&nfsport=(\\d+)&mountport=(\\d+)")
            .matcher(ready);
    assertThat(m.matches()).as(ready).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2));
    assertThat(Files.isDirectory(data)).isTrue();
    try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
      assertThat(s.isConnected()).isTrue();
    }
    stop.countDown();
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.drain()).isEmpty();
  }

  private Future<Integer> serveInBackground(CountDownLatch stop, String... args) {
    return background.submit(() -> main.run(List.of(args), stop::await));
  }

  @Test
  void theLocalBackendSavesItsRepOnStopAndIsRestoredFromIt(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("d");
    String[] args = {"serve", "--backend", "local", "--port", "0", "--data", data.toString()};
    CountDownLatch stop = new CountDownLatch(1);
    Future<Integer> code = serveInBackground(stop, args);
    assertThat(out.next(30))
        .isEqualTo(
            "note: state is kept by the local directory backend in "
                + data.resolve("export")
                + " (new file system); the conformance rep is saved to "
                + data.resolve("conformance-rep")
                + " at shutdown");
    assertThat(out.next(30)).startsWith("ready: ");
    assertThat(data.resolve("export/root")).isDirectory();
    assertThat(data.resolve("conformance-rep")).doesNotExist();
    stop.countDown();
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(data.resolve("conformance-rep")).isRegularFile();

    CountDownLatch again = new CountDownLatch(1);
    code = serveInBackground(again, args);
    assertThat(out.next(30)).contains("(restored with the rep saved at the last shutdown)");
    assertThat(out.next(30)).startsWith("ready: ");
    assertThat(data.resolve("conformance-rep"))
        .as("read, then removed while serving")
        .doesNotExist();
    again.countDown();
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(data.resolve("conformance-rep")).isRegularFile();
    assertThat(err.drain()).isEmpty();
  }

  @Test
  void aPortInUseLeavesThePersistentStateUsable(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("d");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String port = String.valueOf(taken.getLocalPort());
      assertThat(
              main.run(
                  List.of("serve", "--backend", "local", "--port", port, "--data", data.toString()),
                  never()))
          .isEqualTo(2);
      assertThat(err.drain())
          .isEqualTo("error: cannot listen on 127.0.0.1:" + port + ": address already in use\n");
    }
    assertThat(out.drain()).isEmpty();
    assertThat(data.resolve("conformance-rep")).isRegularFile();
  }

  @Test
  void anExportWithFilesButNoRepIsRefusedWithOneLine(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("d");
    Files.createDirectories(data.resolve("export/root"));
    Files.writeString(data.resolve("export/root/stray.txt"), "not the wrapper's\n");
    assertThat(
            main.run(
                List.of("serve", "--backend", "local", "--port", "0", "--data", data.toString()),
                never()))
        .isEqualTo(2);
    assertThat(err.drain().lines())
        .singleElement()
        .asString()
        .startsWith("error: local directory " + data.resolve("export"))
        .contains("already holds files but no conformance rep was given")
        .endsWith(
            "(there is no "
                + data.resolve("conformance-rep")
                + "; it is written at a clean"
                + " shutdown)");
    assertThat(out.drain()).isEmpty();
  }
}
