package org.bftnfs.cli;

/** Something a long-running command waits for before it stops (a signal, a test's trigger). */
interface StopSignal {

  /** Blocks until the command should stop. */
  void await() throws InterruptedException;
}
