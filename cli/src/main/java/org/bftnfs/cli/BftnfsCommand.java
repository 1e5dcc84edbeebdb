package org.bftnfs.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.bftnfs.bench.BenchCommand;
import org.bftnfs.bench.checkpoints.CheckpointsCommand;
import org.bftnfs.bench.recovery.RecoveryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code bftnfs}: the top of the command tree. Each subcommand is a picocli command with its own
 * {@code --help}; {@code bftnfs help [COMMAND]} prints the same, {@code bftnfs completion} a bash
 * completion script. Options take their value as the next argument or after {@code =}; a command
 * given the same option twice keeps the last value, except {@code bench}, which refuses it.
 */
@Command(
    name = "bftnfs",
    description = "Byzantine-fault-tolerant NFS built from off-the-shelf NFS servers.",
    commandListHeading = "%ncommands:%n",
    footer = {
      "",
      "'bftnfs COMMAND --help' (or 'bftnfs help COMMAND') prints a command's options;",
      "'source <(bftnfs completion)' completes commands and options in bash.",
      "Exit codes: 0 success, 1 failure, 2 usage error (status: 3 when a replica is not well)."
    })
final class BftnfsCommand implements Callable<Integer> {

  /** Runs when no command is given. */
  @Override
  public Integer call() throws UsageException {
    throw new UsageException("no command given (see 'bftnfs help')");
  }

  /**
   * The whole tree, its subcommands bound to the given streams, clock and stop signal; usage and
   * help go to {@code out}.
   */
  static CommandLine tree(PrintStream out, PrintStream err, Clock clock, StopSignal stop) {
    CommandLine top =
        new CommandLine(new BftnfsCommand())
            .addSubcommand(new LocalClusterCommand(out, stop))
            .addSubcommand(new ServeArguments(out, err, clock, stop))
            .addSubcommand(new ReplicaCommand(out, stop))
            .addSubcommand(new RelayCommand(out, stop))
            .addSubcommand(new KeygenCommand(out))
            .addSubcommand(new StatusCommand(out, clock))
            .addSubcommand(
                new CommandLine(new BenchCommand(out, err))
                    .addSubcommand(new RecoveryCommand(out, err))
                    .addSubcommand(new CheckpointsCommand(out, err)))
            .addSubcommand(new CompletionCommand())
            .addSubcommand(help());
    style(top.getCommandSpec());
    top.setOverwrittenOptionsAllowed(true);
    top.getSubcommands().get("bench").setOverwrittenOptionsAllowed(false);
    top.setOut(new PrintWriter(out, true));
    top.setErr(new PrintWriter(err, true));
    return top;
  }

  /** {@code bftnfs help [COMMAND]}: picocli's help command, described in this tree's words. */
  private static CommandLine help() {
    CommandLine help = new CommandLine(new HelpCommand());
    help.getCommandSpec()
        .usageMessage()
        .header("Prints the commands, or one command's options.")
        .description("Without COMMAND the commands, with COMMAND its options.");
    return help;
  }

  /** Every command: {@code -h, --help}, options in declaration order, a lower-case heading. */
  private static void style(CommandSpec command) {
    if (!command.optionsMap().containsKey("--help")) {
      command.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("print this help and exit")
              .build());
    }
    command
        .usageMessage()
        .sortOptions(false)
        .sortSynopsis(false)
        .synopsisHeading("usage: ")
        .descriptionHeading("%n")
        .optionListHeading("%noptions:%n");
    for (CommandLine sub : command.subcommands().values()) {
      style(sub.getCommandSpec());
    }
  }
}
