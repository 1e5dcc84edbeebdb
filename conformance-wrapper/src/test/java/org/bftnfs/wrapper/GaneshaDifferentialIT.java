package org.bftnfs.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.testkit.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper §2.1/§3.2 over a real off-the-shelf server: the wrapper over nfs-ganesha/VFS answers a
 * seeded random workload of 10,000 operations byte-identically to the reference implementation, and
 * its abstraction function agrees with the reference state every 500 operations. Replay a failing
 * seed with {@code -Dbftnfs.seed=N}.
 */
class GaneshaDifferentialIT {

  static final SpecConfig CONFIG =
      SpecConfig.defaults().withCapacity(300).withLimits(256L << 20, 64L << 20);

  @Test
  void tenThousandOperations(@TempDir Path dir) {
    Prerequisite.require(
        GaneshaServer.available(), () -> GaneshaServer.unavailableReason().orElse(""));
    long seed = Long.getLong("bftnfs.seed", 20261122L);
    try (GaneshaServer ganesha = GaneshaServer.start(dir);
        ConformanceWrapper wrapper = ConformanceWrapper.create(ganesha.openBackend(), CONFIG)) {
      Differential.run(
          seed,
          Integer.getInteger("bftnfs.ops", 10_000),
          CONFIG,
          List.of(
              Differential.reference(CONFIG),
              new Differential.WrapperTarget(ganesha.describe(), wrapper)),
          500,
          200_000);
      // the file system really lives in ganesha's export directory on disk
      assertThat(filesUnder(ganesha.exportDirectory().resolve("root"))).isGreaterThan(10);
    }
  }

  static long filesUnder(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
