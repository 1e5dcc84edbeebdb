package org.bftnfs.bench.targets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run a {@code bftnfs} subcommand as a child process: the command {@code bin/bftnfs} itself
 * runs ({@code java -XmxSIZE -cp CLASSPATH org.bftnfs.cli.Main ARGS}), with this JVM's java and
 * class path (the launcher's jar and libraries), so no build step runs, and the subcommand's heap
 * limit from {@link JvmHeap}.
 *
 * @param java the java executable
 * @param classPath the class path holding the command line's main class
 * @param mainClass the command line's main class
 * @param heap the maximum heap of each subcommand
 */
public record Launcher(String java, String classPath, String mainClass, JvmHeap heap) {

  /** The command line's main class in module {@code cli}. */
  public static final String CLI_MAIN = "org.bftnfs.cli.Main";

  /**
   * The launcher of this JVM: its java, its class path, {@link #CLI_MAIN}, the heap table with this
   * process's environment's overrides.
   *
   * @throws IllegalArgumentException when a heap variable of the environment is not a size
   */
  public static Launcher current() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new Launcher(
        java, System.getProperty("java.class.path"), CLI_MAIN, JvmHeap.fromEnvironment());
  }

  /**
   * The command that runs {@code bftnfs ARGS}, with the heap limit of subcommand {@code args[0]}.
   */
  public List<String> command(String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no subcommand");
    }
    List<String> command =
        new ArrayList<>(List.of(java, heap.option(args[0]), "-cp", classPath, mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /** The {@code jcmd} next to {@link #java}. */
  public Path jcmd() {
    return Path.of(java).resolveSibling("jcmd");
  }
}
