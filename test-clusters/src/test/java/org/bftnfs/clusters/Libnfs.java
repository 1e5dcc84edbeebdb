package org.bftnfs.clusters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bftnfs.testkit.Prerequisite;

/**
 * One run of a libnfs-utils command (the real NFS client: {@code nfs-ls}, {@code nfs-cp}, {@code
 * nfs-cat}), bounded in time (generously: a loaded 2-core machine running four replicas moves a few
 * MiB in seconds, but a leader change or two under load can add tens of seconds) and killed by PID
 * when it overruns; stdout goes to a file.
 *
 * @param exitCode its exit code
 * @param stdout the file holding what it printed
 * @param stderr what it printed on stderr
 */
record Libnfs(int exitCode, Path stdout, String stderr) {

  private static final long TIMEOUT_S = 120;

  /**
   * Skips the test (fails it under CI, see {@link Prerequisite}) unless libnfs-utils is installed.
   */
  static void assumeInstalled() {
    for (String tool : new String[] {"nfs-ls", "nfs-cp", "nfs-cat"}) {
      Prerequisite.require(
          Files.isExecutable(Path.of("/usr/bin", tool)),
          () -> tool + " missing: install libnfs-utils (bin/test does), or run with -DskipITs");
    }
  }

  /** Runs {@code argv} in {@code workDir}. */
  static Libnfs run(Path workDir, String... argv) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "libnfs", ".out");
    Path err = Files.createTempFile(workDir, "libnfs", ".err");
    Process p =
        new ProcessBuilder(List.of(argv))
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", argv) + " took more than " + TIMEOUT_S + " s");
    }
    return new Libnfs(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
  }

  /** What it printed on stdout, as text. */
  String output() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + ", stderr: " + stderr;
  }
}
