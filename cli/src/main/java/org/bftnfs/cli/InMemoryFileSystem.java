package org.bftnfs.cli;

import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.SerialService;

/** {@code --backend spec}: the reference implementation on its initial state, in memory only. */
final class InMemoryFileSystem implements ServedFileSystem {

  private final AbstractSpec spec;
  private final AbstractState state;

  /**
   * @param config the specification's configuration
   */
  InMemoryFileSystem(SpecConfig config) {
    this.spec = new AbstractSpec(config);
    this.state = spec.initialState();
  }

  @Override
  public SerialService.Executable executable() {
    return (call, agreed) -> spec.execute(state, call, agreed);
  }

  @Override
  public String note() {
    return "state is held in memory (--backend spec); it is lost when the server stops";
  }

  @Override
  public void close(boolean quiescent) {
    // nothing is kept
  }
}
