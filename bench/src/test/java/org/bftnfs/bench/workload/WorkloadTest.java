package org.bftnfs.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bftnfs.backend.local.LocalDirectoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workloads against a local-directory backend (no NFS server): they make, check and remove what
 * they should. Counts and results only; nothing here depends on timing.
 */
class WorkloadTest {

  @TempDir Path dir;
  private LocalDirectoryBackend local;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    local = LocalDirectoryBackend.open(dir);
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    local.close();
  }

  @Test
  void andrewMakesTheTreeReadsItBuildsItAndRemovesIt() throws IOException {
    CountingBackend client = new CountingBackend(local);
    List<SourceTree> trees = AndrewWorkload.trees(1, 2);
    AndrewWorkload w = new AndrewWorkload(client, "run", trees);
    long before = 0;
    for (Phase p : Phase.values()) {
      w.run(p);
      assertThat(client.ops()).as(p.title()).isGreaterThan(before);
      before = client.ops();
    }
    Path copy = dir.resolve("run/copy-1");
    assertThat(copy.resolve("lib/util/hash")).isDirectory();
    assertThat(copy.resolve("prog")).isRegularFile();
    try (Stream<Path> objects = Files.walk(dir.resolve("run"))) {
      assertThat(objects.filter(p -> p.toString().endsWith(".o"))).hasSize(2 * 56);
    }
    assertThat(client.bytes()).isGreaterThan(2 * trees.get(0).bytes());
    w.cleanup();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void everyMicroOperationRunsAndIsTimed() throws Exception {
    // one serializing wrapper for both "clients": they share one local backend, which is not
    // thread-safe, so every call must take the same lock
    SerializedBackend shared = new SerializedBackend(local);
    List<org.bftnfs.backend.Backend> clients = List.of(shared, shared);
    MicroFixture f = MicroFixture.create(clients, pool);
    assertThat(dir.resolve("micro/dir1000")).isDirectory();
    try (Stream<Path> entries = Files.list(dir.resolve("micro/dir1000"))) {
      assertThat(entries).hasSize(MicroFixture.ENTRIES);
    }
    MicroBenchmark b = new MicroBenchmark(f, pool);
    for (MicroOp op : MicroOp.values()) {
      MicroResult r = b.run(op, 2, Duration.ofMillis(20));
      assertThat(r.ops()).as(op.label()).isPositive();
      assertThat(r.latencies()).hasSize((int) r.ops());
      assertThat(java.util.Arrays.stream(r.latencies()).min().orElseThrow()).isPositive();
      assertThat(r.seconds()).isPositive();
    }
    assertThat(dir.resolve("micro/client-0/tmp")).doesNotExist();
    assertThat(Files.size(dir.resolve("micro/client-1/own")))
        .isEqualTo(MicroFixture.CLIENT_FILE_BYTES);
  }

  @Test
  void moreClientsThanConnectionsIsAnError() throws InterruptedException, ExecutionException {
    MicroFixture f = MicroFixture.create(List.of(new SerializedBackend(local)), pool);
    MicroBenchmark b = new MicroBenchmark(f, pool);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> b.run(MicroOp.GETATTR, 2, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSequentialFileIsWrittenReadBackAndRemoved() {
    SequentialFile f = new SequentialFile(local, "big", SequentialFile.CALL_BYTES + 12345L);
    assertThat(f.write()).isEqualTo(SequentialFile.CALL_BYTES + 12345L);
    assertThat(dir.resolve("big")).hasSize(SequentialFile.CALL_BYTES + 12345L);
    assertThat(f.read()).isEqualTo(SequentialFile.CALL_BYTES + 12345L);
    f.remove();
    assertThat(dir.resolve("big")).doesNotExist();
  }
}
