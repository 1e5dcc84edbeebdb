package org.bftnfs.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real short-lived children ({@code /bin/sh -c ...}, each ending by itself within 30 s at the
 * latest, and killed by PID at the end of its test).
 */
@Timeout(60)
class ChildProcessTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path dir;

  private ChildProcess sh(String script) throws IOException {
    return Launch.of("sh", List.of("/bin/sh", "-c", script)).output(dir.resolve("sh.log")).start();
  }

  @Test
  void awaitsTheReadyLineReadsTheNotesAndStopsTheChildAndWhatItStartedByPid() throws Exception {
    // the sleep is forked before the ready line, and sh stays its parent until SIGTERM
    try (ChildProcess p =
        sh("sleep 30 & echo 'note: 2 replicas, pids [41, 42]'; echo 'ready: x'; wait; echo late")) {
      assertThat(p.awaitLine("ready: ", BOUND)).isEqualTo("ready: x");
      assertThat(Notes.pids(Notes.before(p.lines(), "ready: "))).containsExactly(41L, 42L);
      List<ProcessHandle> started = p.descendants();
      assertThat(started).as("the sleep it started").hasSize(1);

      ChildProcess.Stopped stopped = p.stop(BOUND);

      assertThat(p.isAlive()).isFalse();
      assertThat(stopped.killed()).as("sh stops at SIGTERM").isFalse();
      assertThat(stopped.leftovers())
          .as("sh leaves its sleep running; stop ends it by PID")
          .containsExactly(started.get(0).pid());
      assertThat(stopped.survivors()).isEmpty();
      assertThat(started.get(0).isAlive()).isFalse();
      assertThat(p.output()).doesNotContain("late");
    }
  }

  @Test
  void aChildThatExitsBeforeItsReadyLineGivesAClearError() throws Exception {
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    try (ChildProcess p =
        Launch.of("broken", List.of("/bin/sh", "-c", "echo starting; echo 'no port' >&2; exit 3"))
            .output(out, err)
            .start()) {
      assertThatThrownBy(() -> p.awaitLine("ready: ", BOUND))
          .isInstanceOfSatisfying(NoSuchLineException.class, e -> assertThat(e.exited()).isTrue())
          .hasMessageStartingWith("broken exited (3) before 'ready: ': broken (log " + out + ")")
          .hasMessageContaining("starting")
          .hasMessageNotContaining("no port");
      assertThat(p.errors()).isEqualTo("no port\n");
      assertThat(p.exitValue()).isEqualTo(3);
    }
  }

  @Test
  void aLineNotPrintedWithinTheBoundIsAnErrorAndKillEndsTheChildAndWhatItStarted()
      throws Exception {
    try (ChildProcess p = sh("sleep 30 & echo hello; wait; echo late")) {
      assertThat(p.awaitLine("hello", BOUND)).isEqualTo("hello");
      assertThatThrownBy(() -> p.awaitLine("ready: ", Duration.ofMillis(300)))
          .isInstanceOfSatisfying(NoSuchLineException.class, e -> assertThat(e.exited()).isFalse())
          .hasMessageStartingWith("sh printed no 'ready: ' within PT0.3S");
      assertThat(p.isAlive()).isTrue();
      List<ProcessHandle> started = p.descendants();
      assertThat(started).hasSize(1);

      p.kill();

      assertThat(p.isAlive()).isFalse();
      assertThat(started.get(0).isAlive()).as("its sleep, killed by PID").isFalse();
    }
  }

  @Test
  void aChildThatIgnoresSigtermIsKilledWhenItsStopTimeIsUp() throws Exception {
    try (ChildProcess p = sh("trap '' TERM; sleep 30 & echo 'ready: x'; wait; echo late")) {
      p.awaitLine("ready: ", BOUND);
      List<ProcessHandle> started = p.descendants();

      ChildProcess.Stopped stopped = p.stop(Duration.ofMillis(300));

      assertThat(stopped.killed()).isTrue();
      assertThat(p.isAlive()).isFalse();
      assertThat(stopped.leftovers()).containsExactly(started.get(0).pid());
      assertThat(started.get(0).isAlive()).isFalse();
    }
  }

  @Test
  void terminateReturnsTheExitCodeAndCloseEndsWhatTheChildLeftBehind() throws Exception {
    List<ProcessHandle> started;
    try (ChildProcess p = sh("trap 'exit 7' TERM; sleep 30 & echo 'ready: x'; wait")) {
      p.awaitLine("ready: ", BOUND);
      started = p.descendants();
      assertThat(started).hasSize(1);
      assertThat(p.terminate(BOUND)).isEqualTo(7);
      assertThat(started.get(0).isAlive()).as("terminate leaves the sleep to close").isTrue();
    }
    assertThat(started.get(0).isAlive()).as("close killed the sleep sh left behind").isFalse();
  }

  @Test
  void awaitExitKillsAChildThatDoesNotExitInTime() throws Exception {
    try (ChildProcess p = sh("sleep 30 & echo 'ready: x'; wait; echo late")) {
      p.awaitLine("ready: ", BOUND);
      List<ProcessHandle> started = p.descendants();
      assertThatThrownBy(() -> p.awaitExit(Duration.ofMillis(200)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("sh did not exit within PT0.2S");
      assertThat(p.isAlive()).as("killed after the wait").isFalse();
      assertThat(started.get(0).isAlive()).isFalse();
    }
  }

  @Test
  void signalReachesTheChildByPid() throws Exception {
    List<ProcessHandle> started;
    try (ChildProcess p =
        sh("trap 'echo got-usr1; exit 0' USR1; sleep 30 & echo 'ready: x'; wait")) {
      p.awaitLine("ready: ", BOUND);
      started = p.descendants();
      p.signal("USR1");
      assertThat(p.awaitLine("got-usr1", BOUND)).isEqualTo("got-usr1");
      assertThat(p.awaitExit(BOUND)).isZero();
    }
    assertThat(started).allSatisfy(h -> assertThat(h.isAlive()).isFalse());
  }

  @Test
  void appendingKeepsTheFileButOutputIsThisRunOnly() throws Exception {
    Path log = dir.resolve("logs/run.log");
    for (String word : List.of("first", "second")) {
      try (ChildProcess p =
          Launch.of(word, List.of("/bin/sh", "-c", "echo " + word + "; echo oops >&2"))
              .output(log)
              .appending()
              .start()) {
        assertThat(p.awaitExit(BOUND)).isZero();
        assertThat(p.output()).isEqualTo(word + "\noops\n");
        assertThat(p.errors()).as("stderr went to the one file").isEmpty();
      }
    }
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .isEqualTo("first\noops\nsecond\noops\n");

    try (ChildProcess p =
        Launch.of("third", List.of("/bin/sh", "-c", "echo third")).output(log).start()) {
      assertThat(p.awaitExit(BOUND)).isZero();
    }
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .as("truncated without appending()")
        .isEqualTo("third\n");
  }

  @Test
  void theChildRunsInItsDirectoryWithTheEnvironmentChangesAndNoInput() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Map<String, String> removed = new HashMap<>();
    removed.put("GONE", null);
    try (ChildProcess p =
        Launch.of(
                "env", List.of("/bin/sh", "-c", "pwd; echo \"$KEPT ${GONE-unset}\"; cat; echo end"))
            .directory(work)
            .environment(Map.of("KEPT", "kept", "GONE", "set"))
            .environment(removed)
            .output(dir.resolve("env.log"))
            .start()) {
      assertThat(p.awaitExit(BOUND)).isZero();
      assertThat(p.lines()).containsExactly(work.toRealPath().toString(), "kept unset", "end");
    }
  }

  @Test
  void aLaunchNeedsACommandAndAnOutputFile() {
    assertThatThrownBy(() -> Launch.of("nothing", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nothing: empty command");
    assertThatThrownBy(() -> Launch.of("nowhere", List.of("/bin/true")).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("nowhere: no output file given");
  }
}
