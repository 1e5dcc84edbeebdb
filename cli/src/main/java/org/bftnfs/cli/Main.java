package org.bftnfs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The {@code bftnfs} command line (run by {@code bin/bftnfs}): the picocli command tree of {@link
 * BftnfsCommand}.
 *
 * <pre>
 *   bftnfs local-cluster [options]  the replicated service: 4 replica processes and a relay
 *   bftnfs serve [options]          unreplicated NFSv3 server over one implementation
 *   bftnfs replica [options]        one replica of a cluster
 *   bftnfs relay [options]          a relay for a cluster
 *   bftnfs keygen [options]         a cluster's keys
 *   bftnfs status [options]         how each replica of a cluster is
 *   bftnfs bench [options]          benchmarks: direct nfs-ganesha vs relay vs replicated
 *   bftnfs bench recovery [options] recovery, state transfer and throughput during a recovery
 *   bftnfs bench checkpoints [options] checkpoint time and WRITE latency against file count
 *   bftnfs completion               a bash completion script
 *   bftnfs help [command]           the commands, or one command's options (also: --help)
 * </pre>
 *
 * Exit codes: 0 success (also after SIGTERM/Ctrl-C stops {@code serve}), 1 failure (a backend that
 * does not start, state that cannot be saved, anything unexpected), 2 usage error (including a data
 * directory that cannot be served as it is). Errors are one line on stderr, never a stack trace.
 */
public final class Main {

  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  /**
   * @param out standard output
   * @param err standard error
   * @param clock the time source of the services started
   */
  Main(PrintStream out, PrintStream err, Clock clock) {
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    quietJavaUtilLogging();
    StopSignal signals = new TerminationSignals().install();
    PrintStream stdout = LibraryOutput.route();
    Main main = new Main(stdout, System.err, Clock.systemUTC());
    int code = main.run(Arrays.asList(args), signals);
    stdout.flush();
    System.exit(code);
  }

  /**
   * Runs one command.
   *
   * @param args the arguments, command first
   * @param stop what a long-running command waits for before stopping
   * @return the exit code
   */
  int run(List<String> args, StopSignal stop) {
    CommandLine tree = BftnfsCommand.tree(out, err, clock, stop);
    tree.setParameterExceptionHandler(this::badCommandLine);
    tree.setExecutionExceptionHandler((e, command, parsed) -> failed(e));
    try {
      return tree.execute(args.toArray(new String[0]));
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** A command line picocli cannot parse: one line naming the mistake and the usage. */
  private int badCommandLine(ParameterException e, String[] args) {
    err.println("error: " + ParseErrors.message(e) + " " + ParseErrors.hint(e));
    return UsageException.EXIT_CODE;
  }

  /** A command that stopped with {@code e}: one line, and the exit code of its kind. */
  private int failed(Exception e) {
    if (e instanceof UsageException) {
      err.println("error: " + e.getMessage());
      return UsageException.EXIT_CODE;
    }
    if (e instanceof CommandFailedException) {
      err.println("error: " + e.getMessage());
      return CommandFailedException.EXIT_CODE;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return 1;
    }
    err.println("error: " + e);
    return 1;
  }

  /**
   * Grizzly logs through java.util.logging; keep it to SEVERE so client errors never print stack
   * traces (slf4j-simple is configured by {@code simplelogger.properties}).
   */
  private static void quietJavaUtilLogging() {
    try (InputStream config = Main.class.getResourceAsStream("/bftnfs-logging.properties")) {
      if (config != null) {
        LogManager.getLogManager().readConfiguration(config);
      }
    } catch (IOException e) {
      System.err.println("warning: cannot configure java.util.logging: " + e.getMessage());
    }
  }
}
