package org.bftnfs.cli;

import java.nio.file.Path;

/**
 * The checks of the cluster commands' option values ({@code keygen}, {@code replica}, {@code
 * relay}, {@code local-cluster}, {@code status}). picocli hands them over as given (null when the
 * option is absent), so every message names the option and the value the user typed.
 */
final class OptionValues {

  private OptionValues() {}

  /**
   * {@code value} of option {@code name}, which {@code command} cannot do without.
   *
   * @throws UsageException when it was not given
   */
  static String required(String command, String name, String value) throws UsageException {
    if (value == null) {
      throw new UsageException(command + " needs " + name);
    }
    return value;
  }

  /** {@link #required} as a path. */
  static Path path(String command, String name, String value) throws UsageException {
    return Path.of(required(command, name, value));
  }

  /**
   * {@code value} of option {@code name} as a whole number in {@code [min, max]}; {@code dflt} when
   * not given.
   *
   * @throws UsageException when it is not a number or out of range
   */
  static int integer(String name, String value, int dflt, int min, int max) throws UsageException {
    if (value == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(value);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a whole number, not '" + value + "'");
    }
    throw new UsageException(name + " must be between " + min + " and " + max + ", not " + value);
  }
}
