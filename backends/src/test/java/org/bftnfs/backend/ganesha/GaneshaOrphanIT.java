package org.bftnfs.backend.ganesha;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bftnfs.testkit.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An nfs-ganesha never outlives the process that started it: a JVM that started one and is then
 * killed with SIGKILL (no shutdown hook runs) leaves no daemon behind ({@link DeathWatch}).
 */
@Timeout(120)
class GaneshaOrphanIT {

  @Test
  void aDaemonWhoseJvmIsKilledStopsToo() throws Exception {
    Prerequisite.require(
        GaneshaServer.available(), () -> GaneshaServer.unavailableReason().orElse(""));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                GaneshaChild.class.getName())
            .redirectErrorStream(true)
            .start();
    long daemon;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      daemon = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (daemon < 0 && System.nanoTime() - deadline < 0) {
        String line = out.readLine();
        if (line == null) {
          break;
        }
        if (line.startsWith("pid ")) {
          daemon = Long.parseLong(line.substring(4).strip());
        }
      }
      assertThat(daemon).as("the child JVM started nfs-ganesha").isPositive();
      Optional<ProcessHandle> ganesha = ProcessHandle.of(daemon);
      assertThat(ganesha).isPresent();

      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      boolean gone =
          ganesha.get().onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).join() != null
              || !ganesha.get().isAlive();
      if (!gone) {
        ganesha.get().destroyForcibly(); // do not leave it behind even when the test fails
      }
      assertThat(gone).as("nfs-ganesha pid %d stopped after its JVM was killed", daemon).isTrue();
    } finally {
      child.destroyForcibly();
    }
  }
}
