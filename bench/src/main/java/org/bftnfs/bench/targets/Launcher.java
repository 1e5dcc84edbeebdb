package org.bftnfs.bench.targets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run a {@code bftnfs} subcommand as a child process: the command {@code bin/bftnfs} itself
 * runs ({@code java -cp CLASSPATH org.bftnfs.cli.Main ARGS}), with this JVM's java and class path
 * (the launcher's jar and libraries), so no build step runs.
 *
 * @param java the java executable
 * @param classPath the class path holding the command line's main class
 * @param mainClass the command line's main class
 */
public record Launcher(String java, String classPath, String mainClass) {

  /** The command line's main class in module {@code cli}. */
  public static final String CLI_MAIN = "org.bftnfs.cli.Main";

  /** The launcher of this JVM: its java, its class path, {@link #CLI_MAIN}. */
  public static Launcher current() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new Launcher(java, System.getProperty("java.class.path"), CLI_MAIN);
  }

  /** The command that runs {@code bftnfs ARGS}. */
  public List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /** The {@code jcmd} next to {@link #java}. */
  public Path jcmd() {
    return Path.of(java).resolveSibling("jcmd");
  }
}
