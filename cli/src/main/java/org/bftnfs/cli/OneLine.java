package org.bftnfs.cli;

/** Messages printed by the command line are one line each. */
final class OneLine {

  private OneLine() {}

  /** {@code message} with every run of line breaks (and the spaces around them) as one space. */
  static String of(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
