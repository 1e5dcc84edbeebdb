package org.bftnfs.testkit.testfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The file system fixture: mounts what it says, and leaves nothing behind. */
@Timeout(120)
class TestFileSystemsTest {

  @Test
  void everyKindIsReportedWithAReasonWhenUnavailable() {
    List<TestFileSystems.Availability> kinds = TestFileSystems.kinds();
    assertThat(kinds)
        .extracting(TestFileSystems.Availability::kind)
        .containsExactly(FileSystemKind.values());
    for (TestFileSystems.Availability a : kinds) {
      if (!a.available()) {
        assertThat(a.unavailableReason()).isNotBlank();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(FileSystemKind.class)
  void mountsAFreshFileSystemAndCleansUp(FileSystemKind kind, @TempDir Path parent)
      throws IOException, InterruptedException {
    Path dir;
    try (MountedFileSystem fs = TestFileSystems.mountOrAbort(kind, parent)) {
      dir = fs.directory();
      assertThat(dir.getParent()).isEqualTo(parent);
      assertThat(TestFileSystems.isMountPoint(dir)).isTrue();
      assertThat(Files.getFileStore(dir).type()).isEqualTo(kind.type());
      Files.writeString(dir.resolve("probe"), "x");
      assertThat(Files.getAttribute(dir.resolve("probe"), "unix:dev"))
          .isNotEqualTo(Files.getAttribute(parent, "unix:dev"));
    }
    assertThat(TestFileSystems.isMountPoint(dir)).isFalse();
    try (Stream<Path> left = Files.list(parent)) {
      assertThat(left).as("mount point and image removed").isEmpty();
    }
  }

  @Test
  void boundedCommandsAreKilledAtTheirLimit() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> BoundedCommand.run(Duration.ofMillis(300), List.of("sleep", "30")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not finish within");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void failedCommandsReportTheirOutput() throws IOException, InterruptedException {
    BoundedCommand.Result r =
        BoundedCommand.run(Duration.ofSeconds(10), List.of("sh", "-c", "echo oops >&2; exit 3"));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThatThrownBy(r::requireSuccess)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exited with 3")
        .hasMessageContaining("oops");
  }
}
