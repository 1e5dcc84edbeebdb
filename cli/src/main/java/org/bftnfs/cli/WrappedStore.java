package org.bftnfs.cli;

import java.util.ArrayList;
import java.util.List;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.wrapper.ConformanceWrapper;

/**
 * The {@code local} and {@code ganesha} kinds: a conformance wrapper over a backend that keeps the
 * files in {@code DIR/export}; the conformance rep is saved to {@code DIR/conformance-rep} when the
 * process stops cleanly. Opened by {@link Stores}.
 */
final class WrappedStore implements Store {

  private final ConformanceWrapper wrapper;
  private final DataLayout layout;
  private final String keeper;
  private final boolean restored;
  private final GaneshaServer ganesha;

  /**
   * @param wrapper the wrapper, over its backend
   * @param layout where the files and the rep are
   * @param keeper what keeps the files, for the note (e.g. "nfs-ganesha/VFS")
   * @param restored true when the wrapper was rebuilt from a saved rep
   * @param ganesha the nfs-ganesha the backend talks to, stopped after the wrapper; or null
   */
  WrappedStore(
      ConformanceWrapper wrapper,
      DataLayout layout,
      String keeper,
      boolean restored,
      GaneshaServer ganesha) {
    this.wrapper = wrapper;
    this.layout = layout;
    this.keeper = keeper;
    this.restored = restored;
    this.ganesha = ganesha;
  }

  @Override
  public StateMachine machine() {
    return wrapper;
  }

  @Override
  public String note() {
    return "state is kept by "
        + keeper
        + " in "
        + layout.export()
        + (restored ? " (restored with the rep saved at the last shutdown)" : " (new file system)")
        + "; the conformance rep is saved to "
        + layout.rep()
        + " at shutdown";
  }

  /**
   * Saves the rep (only when the wrapper is healthy and {@code quiescent}), then closes the wrapper
   * and stops the backend's server; every problem is in the one exception thrown.
   */
  @Override
  public void close(boolean quiescent) throws CommandFailedException {
    List<String> problems = new ArrayList<>();
    RuntimeException cause = null;
    try {
      save(quiescent, problems);
    } catch (ReplicaFaultException e) {
      problems.add(e.getMessage());
      cause = e;
    } finally {
      try {
        wrapper.close();
      } catch (BackendException e) {
        problems.add("closing the backend: " + e.getMessage());
        cause = cause != null ? cause : e;
      }
      if (ganesha != null) {
        try {
          ganesha.close();
        } catch (BackendException e) {
          problems.add("stopping nfs-ganesha: " + e.getMessage());
          cause = cause != null ? cause : e;
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new CommandFailedException(String.join("; ", problems), cause);
    }
  }

  private void save(boolean quiescent, List<String> problems) {
    String unsaved = "the conformance rep is not saved, so " + layout.export();
    String fault = wrapper.fault();
    if (!quiescent) {
      problems.add(unsaved + " cannot be served again: a call was still running at shutdown");
    } else if (fault != null) {
      problems.add(unsaved + " cannot be served again: the backend failed (" + fault + ")");
    } else {
      wrapper.saveRep(layout.rep());
    }
  }
}
