package org.bftnfs.backend.nfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs mounted on a fresh temporary directory for one test class (needs root); {@link #close()}
 * unmounts it and removes the directory. Every command it runs is bounded in time.
 */
final class TmpfsMount implements AutoCloseable {

  private static final long COMMAND_TIMEOUT_S = 10;

  private final Path directory;

  private TmpfsMount(Path directory) {
    this.directory = directory;
  }

  /** A new tmpfs mount, or empty with the reason printed to stderr when mounting fails. */
  static Optional<TmpfsMount> tryMount(StringBuilder whyNot) throws IOException {
    Path dir = Files.createTempDirectory("bftnfs-tmpfs-");
    String result =
        run("mount", "-t", "tmpfs", "-o", "size=256m,mode=0755", "tmpfs", dir.toString());
    if (result != null) {
      Files.delete(dir);
      whyNot.append("cannot mount tmpfs on ").append(dir).append(": ").append(result);
      return Optional.empty();
    }
    return Optional.of(new TmpfsMount(dir));
  }

  /** The mount point. */
  Path directory() {
    return directory;
  }

  @Override
  public void close() throws IOException {
    String result = run("umount", directory.toString());
    if (result != null) {
      throw new IOException("cannot unmount " + directory + ": " + result);
    }
    Files.delete(directory);
  }

  /** Runs a command; null when it succeeded, else what went wrong. */
  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_S + " s";
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
    if (p.exitValue() == 0) {
      return null;
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return "exit status " + p.exitValue() + ": " + output;
  }
}
