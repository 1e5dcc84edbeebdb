package org.bftnfs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.logging.LogManager;
import org.bftnfs.bench.Bench;

/**
 * The {@code bftnfs} command line (run by {@code bin/bftnfs}).
 *
 * <pre>
 *   bftnfs local-cluster [options]  the replicated service: 4 replica processes and a relay
 *   bftnfs serve [options]          unreplicated NFSv3 server over one implementation
 *   bftnfs replica [options]        one replica of a cluster
 *   bftnfs relay [options]          a relay for a cluster
 *   bftnfs keygen [options]         a cluster's keys
 *   bftnfs bench [options]          benchmarks: direct nfs-ganesha vs relay vs replicated
 *   bftnfs help                     this text
 * </pre>
 *
 * Exit codes: 0 success (also after SIGTERM/Ctrl-C stops {@code serve}), 1 failure (a backend that
 * does not start, state that cannot be saved, anything unexpected), 2 usage error (including a data
 * directory that cannot be served as it is). Errors are one line on stderr, never a stack trace.
 */
public final class Main {

  static final String USAGE =
      "usage: bftnfs <command> [options]\n"
          + "commands:\n"
          + "  local-cluster  the replicated service on this machine: 4 replica processes and a"
          + " relay\n"
          + "  serve          serve an unreplicated NFSv3 export (in memory, a local directory or"
          + " nfs-ganesha)\n"
          + "  replica        run one replica of a cluster\n"
          + "  relay          run a relay: an NFSv3 export of a replicated cluster\n"
          + "  keygen         make a cluster's keys\n"
          + "  status         how each replica of a cluster is\n"
          + Bench.SUMMARY
          + "  help           print this text\n\n"
          + LocalClusterCommand.USAGE
          + "\n"
          + ServeOptions.USAGE
          + "\n"
          + ReplicaCommand.USAGE
          + "\n"
          + RelayCommand.USAGE
          + "\n"
          + KeygenCommand.USAGE
          + "\n"
          + StatusCommand.USAGE
          + "\n"
          + Bench.USAGE;

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
    if (args.isEmpty()) {
      err.println("error: no command given (see 'bftnfs help')");
      return UsageException.EXIT_CODE;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    try {
      switch (command) {
        case "help", "--help", "-h" -> {
          out.println(USAGE);
          return 0;
        }
        case "serve" -> {
          return new ServeCommand(ServeOptions.parse(rest), out, err, clock).run(stop);
        }
        case "local-cluster" -> {
          return new LocalClusterCommand(out).run(rest, stop);
        }
        case "replica" -> {
          return new ReplicaCommand(out).run(rest, stop);
        }
        case "relay" -> {
          return new RelayCommand(out).run(rest, stop);
        }
        case "keygen" -> {
          return new KeygenCommand(out).run(rest);
        }
        case "status" -> {
          return new StatusCommand(out).run(rest);
        }
        case "bench" -> {
          return Bench.run(rest, out, err);
        }
        default ->
            throw new UsageException("unknown command '" + command + "' (see 'bftnfs help')");
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return UsageException.EXIT_CODE;
    } catch (CommandFailedException e) {
      err.println("error: " + e.getMessage());
      return CommandFailedException.EXIT_CODE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("error: " + e);
      return 1;
    }
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
