package org.bftnfs.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * A {@link StopSignal} fired by SIGTERM or SIGINT (Ctrl-C). The signals are handled instead of
 * letting the JVM shut down on them, so that {@code main} stops the server in order and the process
 * exits with status 0.
 */
final class TerminationSignals implements StopSignal {

  private final CountDownLatch fired = new CountDownLatch(1);

  /** Installs the handlers for TERM and INT; call once per process. */
  TerminationSignals install() {
    Signal.handle(new Signal("TERM"), signal -> fired.countDown());
    Signal.handle(new Signal("INT"), signal -> fired.countDown());
    return this;
  }

  @Override
  public void await() throws InterruptedException {
    fired.await();
  }
}
