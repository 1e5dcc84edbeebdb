package org.bftnfs.bench;

import java.io.PrintStream;
import java.util.function.Consumer;

/** Progress lines while a run goes on: "[mm:ss] what happens", flushed at once. */
public final class Progress implements Consumer<String> {

  private final PrintStream out;
  private final long start = System.nanoTime();

  public Progress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void accept(String line) {
    long s = (System.nanoTime() - start) / 1_000_000_000L;
    out.printf("[%02d:%02d] %s%n", s / 60, s % 60, line);
    out.flush();
  }
}
