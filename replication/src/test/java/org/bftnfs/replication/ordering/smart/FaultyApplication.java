package org.bftnfs.replication.ordering.smart;

import java.util.Arrays;
import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;

/** A {@link LogApplication} whose ordered execution throws on one given request (a local fault). */
final class FaultyApplication implements OrderedApplication {

  private final LogApplication log = new LogApplication();
  private final byte[] poison;

  FaultyApplication(byte[] poison) {
    this.poison = poison.clone();
  }

  LogApplication log() {
    return log;
  }

  @Override
  public byte[] executeOrdered(byte[] request, OrderContext context) {
    if (Arrays.equals(request, poison)) {
      throw new IllegalStateException("injected fault at consensus " + context.consensusId());
    }
    return log.executeOrdered(request, context);
  }

  @Override
  public byte[] executeUnordered(byte[] request) {
    return log.executeUnordered(request);
  }

  @Override
  public byte[] snapshot() {
    return log.snapshot();
  }

  @Override
  public void install(byte[] snapshot) {
    log.install(snapshot);
  }
}
