package org.bftnfs.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link PrintStream} whose lines a test can wait for, each wait bounded. */
final class LineQueue extends OutputStream {

  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();

  /** A print stream writing into this queue. */
  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(current.toString(StandardCharsets.UTF_8));
      current.reset();
    } else {
      current.write(b);
    }
  }

  /** The next complete line, waiting at most {@code seconds}; null when none came. */
  String next(long seconds) throws InterruptedException {
    return lines.poll(seconds, TimeUnit.SECONDS);
  }

  /** Every complete line not taken yet. */
  String drain() {
    StringBuilder all = new StringBuilder();
    String line;
    while ((line = lines.poll()) != null) {
      all.append(line).append('\n');
    }
    return all.toString();
  }
}
