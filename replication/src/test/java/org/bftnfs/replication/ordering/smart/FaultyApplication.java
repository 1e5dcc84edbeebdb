package org.bftnfs.replication.ordering.smart;

import java.util.Arrays;
import org.bftnfs.replication.ordering.OrderContext;

/** A {@link LogApplication} whose ordered execution throws on one given request (a local fault). */
final class FaultyApplication extends ForwardingApplication {

  private final byte[] poison;

  FaultyApplication(byte[] poison) {
    super(new LogApplication());
    this.poison = poison.clone();
  }

  @Override
  public byte[] executeOrdered(byte[] request, OrderContext context) {
    if (Arrays.equals(request, poison)) {
      throw new IllegalStateException("injected fault at consensus " + context.consensusId());
    }
    return super.executeOrdered(request, context);
  }
}
