package org.bftnfs.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BFT-SMaRt prints its progress to {@code System.out} ("Connecting to replica ...", "Channel
 * active", ...). The command line keeps the real standard output for its own lines (the {@code
 * ready:} line that tools wait for) and routes everything else written to {@code System.out} to the
 * logger {@value #LOGGER} at DEBUG (shown with {@code
 * -Dorg.slf4j.simpleLogger.log.bftnfs.library-stdout=debug}).
 */
final class LibraryOutput {

  static final String LOGGER = "bftnfs.library-stdout";

  private LibraryOutput() {}

  /**
   * Replaces {@code System.out} by the router and returns the original standard output. Call once,
   * from {@code main} only.
   */
  static PrintStream route() {
    PrintStream original = System.out;
    System.setOut(
        new PrintStream(
            new LineLogger(LoggerFactory.getLogger(LOGGER)), true, StandardCharsets.UTF_8));
    return original;
  }

  /** Sends each line written to it to a logger at DEBUG. */
  private static final class LineLogger extends OutputStream {
    private final Logger log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineLogger(Logger log) {
      this.log = log;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        flushLine();
      } else {
        line.write(b);
      }
    }

    private void flushLine() {
      if (log.isDebugEnabled()) {
        log.debug(line.toString(StandardCharsets.UTF_8));
      }
      line.reset();
    }
  }
}
