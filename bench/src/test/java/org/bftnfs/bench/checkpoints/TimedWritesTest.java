package org.bftnfs.bench.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.bftnfs.backend.local.LocalDirectoryBackend;
import org.bftnfs.bench.cluster.Jukebox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timed WRITE load over a local directory, with a ticker that advances 1 ms at every reading:
 * each call's latency is the ticker's advance across it, and the load ends once its time passed.
 */
class TimedWritesTest {

  @Test
  void timesEveryCallUntilItsTimeIsUpAndKeepsToItsFiles(@TempDir Path dir) {
    AtomicLong now = new AtomicLong();
    LocalDirectoryBackend local = LocalDirectoryBackend.open(dir);
    try {
      TimedWrites writes =
          new TimedWrites(local, new Jukebox(), () -> now.addAndGet(1_000_000), 8192);
      Latencies l = writes.run(Duration.ofMillis(20));
      // readings: start, then per call one before and one after it (1 ms apart)
      assertThat(l.calls()).isEqualTo(10);
      assertThat(l.medianMillis()).isEqualTo(1.0);
      assertThat(l.maxMillis()).isEqualTo(1.0);
      assertThat(l.elapsed()).isEqualTo(Duration.ofMillis(20));
    } finally {
      local.close();
    }
    for (int f = 0; f < TimedWrites.FILES; f++) {
      assertThat(dir.resolve("w-" + f)).as("each file holds its two blocks").hasSize(8192);
    }
    assertThat(Files.exists(dir.resolve("w-" + TimedWrites.FILES))).isFalse();
  }

  @Test
  void aFileSizeOfNoWholeBlocksIsRefused(@TempDir Path dir) {
    LocalDirectoryBackend local = LocalDirectoryBackend.open(dir);
    try {
      assertThatThrownBy(() -> new TimedWrites(local, new Jukebox(), System::nanoTime, 6000))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      local.close();
    }
  }
}
