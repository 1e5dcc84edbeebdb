package org.bftnfs.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one-line messages of command lines picocli cannot parse: what the user typed wrong, with near
 * misses for a mistyped option or command, and where the usage is ({@link #hint}).
 */
final class ParseErrors {

  private static final int MOST_SUGGESTIONS = 3;

  private ParseErrors() {}

  /** What is wrong with the command line, without the usage hint. */
  static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return unmatched(u.getCommandLine(), u.getUnmatched().get(0));
    }
    if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
      return name(m.getMissing().get(0)) + " needs a value";
    }
    if (e instanceof OverwrittenOptionException o && o.getOverwritten() != null) {
      return name(o.getOverwritten()) + " given twice";
    }
    if (e.getArgSpec() == null
        && e.getValue() != null
        && e.getMessage().startsWith("Unknown subcommand")) {
      // bftnfs help COMMAND, with a COMMAND that does not exist
      return unmatched(e.getCommandLine(), e.getValue());
    }
    if (e.getArgSpec() instanceof OptionSpec o && o.arity().max() == 0) {
      return o.longestName() + " takes no value";
    }
    return OneLine.of(e.getMessage());
  }

  /**
   * Where to read the usage of the command {@code e} is about: {@code (see 'bftnfs serve --help')}.
   */
  static String hint(ParameterException e) {
    CommandLine command = e.getCommandLine();
    return command.getParent() == null
        ? "(see '" + command.getCommandName() + " help')"
        : "(see '" + command.getCommandSpec().qualifiedName() + " --help')";
  }

  private static String unmatched(CommandLine command, String arg) {
    boolean top = command.getParent() == null;
    String where = top ? "" : " for " + command.getCommandName();
    String what;
    List<String> close = List.of();
    if (arg.startsWith("-")) {
      what = "unknown option '" + arg + "'" + where;
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      close = Spelling.closest(name, visibleOptions(command));
    } else if (!command.getSubcommands().isEmpty()) {
      what = "unknown command '" + arg + "'";
      close = Spelling.closest(arg, command.getSubcommands().keySet());
    } else {
      what = "unexpected argument '" + arg + "'" + where;
    }
    if (close.isEmpty()) {
      return what;
    }
    return what
        + "; did you mean "
        + close.stream().limit(MOST_SUGGESTIONS).collect(Collectors.joining(" or "))
        + "?";
  }

  private static List<String> visibleOptions(CommandLine command) {
    return command.getCommandSpec().options().stream()
        .filter(o -> !o.hidden())
        .map(OptionSpec::longestName)
        .toList();
  }

  private static String name(ArgSpec arg) {
    return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
  }
}
