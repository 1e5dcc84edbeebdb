package org.bftnfs.process;

/**
 * A child process did not print an awaited line: it exited first ({@link #exited}), or the time
 * given for it was up. The message names the child and ends with the last lines of its output.
 */
public final class NoSuchLineException extends IllegalStateException {

  private final boolean exited;

  NoSuchLineException(String message, boolean exited) {
    super(message);
    this.exited = exited;
  }

  /** True when the child exited before the line; false when the time was up. */
  public boolean exited() {
    return exited;
  }
}
