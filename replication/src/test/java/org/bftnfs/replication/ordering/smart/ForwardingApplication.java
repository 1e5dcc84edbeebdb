package org.bftnfs.replication.ordering.smart;

import org.bftnfs.replication.ordering.OrderContext;
import org.bftnfs.replication.ordering.OrderedApplication;

/** A {@link LogApplication} with one behaviour changed by a subclass (a fault a test injects). */
abstract class ForwardingApplication implements OrderedApplication {

  private final LogApplication log;

  ForwardingApplication(LogApplication log) {
    this.log = log;
  }

  LogApplication log() {
    return log;
  }

  @Override
  public byte[] executeOrdered(byte[] request, OrderContext context) {
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
