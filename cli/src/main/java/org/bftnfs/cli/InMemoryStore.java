package org.bftnfs.cli;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.upcall.StateMachine;

/** The {@code spec} kind: the reference implementation on its initial state, in memory only. */
final class InMemoryStore implements Store {

  private final StateMachine machine;

  /**
   * @param config the specification's configuration
   */
  InMemoryStore(SpecConfig config) {
    this.machine = StateMachine.reference(config);
  }

  @Override
  public StateMachine machine() {
    return machine;
  }

  @Override
  public String note() {
    return "state is held in memory (backend spec); it is lost when the process stops";
  }

  @Override
  public void close(boolean quiescent) {
    machine.close(); // nothing is kept
  }
}
