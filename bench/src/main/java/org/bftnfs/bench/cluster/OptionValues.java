package org.bftnfs.bench.cluster;

import org.bftnfs.bench.BenchUsageException;

/**
 * The checks the cluster benches' options share: each value is a string as given on the command
 * line (null when absent), checked when the bench runs; a bad value is a usage error naming the
 * option.
 */
public final class OptionValues {

  private OptionValues() {}

  /** {@code value}, or {@code dflt} when it was not given. */
  public static String orElse(String value, String dflt) {
    return value == null ? dflt : value;
  }

  /** A whole number from {@code min} to {@code max}. */
  public static int integer(String name, String value, int min, int max)
      throws BenchUsageException {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BenchUsageException(name + " must be a whole number, not '" + value + "'");
    }
    if (v < min || v > max) {
      throw new BenchUsageException(
          name + " must be between " + min + " and " + max + ", not " + value);
    }
    return (int) v;
  }

  /** A finite decimal number. */
  public static double decimal(String name, String value) throws BenchUsageException {
    try {
      double d = Double.parseDouble(value);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException(value);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new BenchUsageException(name + " must be a number, not '" + value + "'");
    }
  }
}
