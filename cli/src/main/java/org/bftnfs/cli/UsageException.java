package org.bftnfs.cli;

/**
 * A command line the program cannot act on (unknown option, bad value, port in use): reported as
 * one line on stderr, exit code {@link #EXIT_CODE}, never with a stack trace.
 */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The process exit code for usage errors. */
  static final int EXIT_CODE = 2;

  /**
   * @param message the whole line to print after {@code error: } (line breaks become spaces)
   */
  UsageException(String message) {
    super(OneLine.of(message));
  }
}
