package org.bftnfs.spec;

import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;

/** STUB — being written. */
public final class AbstractSpec {
  private final SpecConfig config;

  public AbstractSpec(SpecConfig config) {
    this.config = config;
  }

  public SpecConfig config() {
    return config;
  }

  public AbstractState initialState() {
    throw new UnsupportedOperationException("being written");
  }

  public NfsReply execute(AbstractState state, NfsCall call, AgreedValues agreed) {
    throw new UnsupportedOperationException("being written");
  }
}
