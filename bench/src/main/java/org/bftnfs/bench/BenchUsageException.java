package org.bftnfs.bench;

/** A command line that {@code bftnfs bench} does not accept. */
public final class BenchUsageException extends Exception {

  /** The exit code of a usage error. */
  public static final int EXIT_CODE = 2;

  public BenchUsageException(String message) {
    super(message);
  }
}
