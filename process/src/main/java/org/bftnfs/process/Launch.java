package org.bftnfs.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one child process: its command, working directory, changes to the inherited
 * environment, and the files its output goes to (stdout and stderr in one file, or apart;
 * truncated, or appended to). Its standard input is {@code /dev/null}. {@link #start} starts it.
 */
public final class Launch {

  private static final File NO_INPUT = new File("/dev/null");

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Path directory;
  private Path out;
  private Path err;
  private boolean append;

  private Launch(String name, List<String> command) {
    this.name = name;
    this.command = List.copyOf(command);
  }

  /**
   * A launch of {@code command} (program and arguments).
   *
   * @param name for messages, e.g. "replica 2" or "relay-only"
   * @throws IllegalArgumentException if the command is empty
   */
  public static Launch of(String name, List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException(name + ": empty command");
    }
    return new Launch(name, command);
  }

  /** Runs the child in {@code dir} (by default this process's working directory). */
  public Launch directory(Path dir) {
    this.directory = dir;
    return this;
  }

  /**
   * Changes to the environment the child inherits, applied in order after earlier ones: a variable
   * is set to its value, or removed when its value is null.
   */
  public Launch environment(Map<String, String> changes) {
    environment.putAll(changes);
    return this;
  }

  /** Stdout and stderr both go to {@code file}. */
  public Launch output(Path file) {
    this.out = file;
    this.err = null;
    return this;
  }

  /** Stdout goes to {@code stdout}, stderr to {@code stderr}. */
  public Launch output(Path stdout, Path stderr) {
    this.out = stdout;
    this.err = stderr;
    return this;
  }

  /**
   * The output files are appended to instead of truncated; {@link ChildProcess#output} then holds
   * this run's output only.
   */
  public Launch appending() {
    this.append = true;
    return this;
  }

  /**
   * Starts the child (creating the directories of its output files).
   *
   * @throws IllegalStateException if no output file was given
   * @throws IOException if the files cannot be created or the command cannot be started
   */
  public ChildProcess start() throws IOException {
    if (out == null) {
      throw new IllegalStateException(name + ": no output file given");
    }
    createParent(out);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
            .redirectOutput(redirect(out));
    if (err == null) {
      builder.redirectErrorStream(true);
    } else {
      createParent(err);
      builder.redirectError(redirect(err));
    }
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Map<String, String> inherited = builder.environment();
    environment.forEach(
        (k, v) -> {
          if (v == null) {
            inherited.remove(k);
          } else {
            inherited.put(k, v);
          }
        });
    long start = append && Files.exists(out) ? Files.size(out) : 0;
    return new ChildProcess(name, builder.start(), out, start, err);
  }

  private ProcessBuilder.Redirect redirect(Path file) {
    return append
        ? ProcessBuilder.Redirect.appendTo(file.toFile())
        : ProcessBuilder.Redirect.to(file.toFile());
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
