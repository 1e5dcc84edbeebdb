package org.bftnfs.cli;

/**
 * A command that was understood but could not do its job (a backend that does not start, state that
 * cannot be saved): reported as one line on stderr, exit code {@link #EXIT_CODE}, never with a
 * stack trace.
 */
final class CommandFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The process exit code for failures that are not usage errors. */
  static final int EXIT_CODE = 1;

  /**
   * @param message the whole line to print after {@code error: } (line breaks become spaces)
   * @param cause what failed, for debugging; never printed
   */
  CommandFailedException(String message, Throwable cause) {
    super(OneLine.of(message), cause);
  }

  /**
   * @param message the whole line to print after {@code error: } (line breaks become spaces)
   */
  CommandFailedException(String message) {
    super(OneLine.of(message));
  }
}
