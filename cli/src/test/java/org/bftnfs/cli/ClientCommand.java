package org.bftnfs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one client command (nfs-ls, nfs-cp, nfs-cat) with a time limit; its stdout and stderr go to
 * files in a work directory.
 *
 * @param exitCode the exit code
 * @param stdout the file holding what it printed
 * @param stderr what it printed on stderr
 */
record ClientCommand(int exitCode, Path stdout, String stderr) {

  private static final long TIMEOUT_S = 30;

  /** Runs {@code argv} in {@code workDir}; kills it (by PID) when it takes over 30 s. */
  static ClientCommand run(Path workDir, String... argv) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "cmd", ".out");
    Path err = Files.createTempFile(workDir, "cmd", ".err");
    Process p =
        new ProcessBuilder(List.of(argv))
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", argv) + " took more than " + TIMEOUT_S + " s");
    }
    return new ClientCommand(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
  }

  /** What the command printed on stdout, as text. */
  String output() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + ", stderr: " + stderr;
  }
}
