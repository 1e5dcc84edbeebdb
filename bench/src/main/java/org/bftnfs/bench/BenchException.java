package org.bftnfs.bench;

/** A benchmark run that cannot go on (a target that does not start, a failed call, bad output). */
public final class BenchException extends Exception {

  /** The exit code of a failed run. */
  public static final int EXIT_CODE = 1;

  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
