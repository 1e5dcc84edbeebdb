package org.bftnfs.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --name value} options of one command, checked against the names it accepts. Used by
 * the cluster commands ({@code keygen}, {@code replica}, {@code relay}, {@code local-cluster}).
 */
final class CommandOptions {

  private final String command;
  private final Map<String, String> values = new HashMap<>();

  private CommandOptions(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args}; every option takes a value ({@code --name value} or {@code --name=value}).
   *
   * @throws UsageException for an unknown option or a missing value
   */
  static CommandOptions parse(String command, List<String> args, Set<String> accepted)
      throws UsageException {
    CommandOptions o = new CommandOptions(command);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!accepted.contains(name)) {
        throw new UsageException(
            "unknown option '" + arg + "' for " + command + " (see 'bftnfs help')");
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(name + " needs a value");
        }
        value = args.get(++i);
      }
      o.values.put(name, value);
    }
    return o;
  }

  String required(String name) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException(command + " needs " + name);
    }
    return v;
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  Path path(String name) throws UsageException {
    return Path.of(required(name));
  }

  int integer(String name, int dflt, int min, int max) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a whole number, not '" + v + "'");
    }
    throw new UsageException(name + " must be between " + min + " and " + max + ", not " + v);
  }
}
