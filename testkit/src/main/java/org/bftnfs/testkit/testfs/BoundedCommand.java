package org.bftnfs.testkit.testfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command with a time limit, its standard output and error captured in a temporary
 * file (so a command that prints a lot cannot block), which is removed afterwards.
 */
public final class BoundedCommand {

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private BoundedCommand() {}

  /** What a finished command printed and how it exited. */
  public record Result(List<String> command, int exitCode, byte[] output) {

    /** The output as text (for messages). */
    public String text() {
      return new String(output, StandardCharsets.UTF_8).strip();
    }

    /** This result, or an IOException naming the command, its exit code and output. */
    public Result requireSuccess() throws IOException {
      if (exitCode != 0) {
        throw new IOException(
            String.join(" ", command) + " exited with " + exitCode + ": " + text());
      }
      return this;
    }
  }

  /**
   * Runs {@code command} (stdin closed, stderr merged into stdout) for at most {@code limit}; a
   * command still running then is killed and reported as an IOException.
   */
  public static Result run(Duration limit, List<String> command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("bftnfs-command-", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        boolean ended = p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IOException(
            String.join(" ", command)
                + " did not finish within "
                + limit
                + (ended ? " and was killed" : " and did not even die when killed"));
      }
      return new Result(List.copyOf(command), p.exitValue(), Files.readAllBytes(output));
    } finally {
      Files.delete(output);
    }
  }

  /** {@link #run(Duration, List)} that also fails on a non-zero exit code. */
  public static Result succeed(Duration limit, String... command)
      throws IOException, InterruptedException {
    return run(limit, List.of(command)).requireSuccess();
  }
}
