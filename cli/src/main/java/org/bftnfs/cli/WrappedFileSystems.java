package org.bftnfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.ganesha.GaneshaOptions;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.backend.local.LocalDirectoryBackend;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.wrapper.ConformanceWrapper;

/**
 * Opens the conformance wrapper of {@code --backend local|ganesha} on {@code --data DIR}: starts
 * nfs-ganesha on {@code DIR/export} when asked, then restores the wrapper from {@code
 * DIR/conformance-rep} when that exists, or creates it on an empty export.
 *
 * <p>A restored rep is deleted at once: it describes the export only until the first change, and it
 * is written again at the next clean shutdown. After a crash the export therefore has no rep, and
 * serving it again is refused rather than trusting a stale one (such a replica needs state
 * transfer).
 */
final class WrappedFileSystems {

  /** The error when nfs-ganesha is missing. */
  static final String GANESHA_MISSING =
      "--backend ganesha needs nfs-ganesha (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind)";

  private WrappedFileSystems() {}

  /**
   * Opens {@code kind} (local or ganesha) on {@code layout}, which must be prepared.
   *
   * @param ganeshaProblem why nfs-ganesha cannot run here, empty when it can
   * @throws UsageException when nfs-ganesha is missing, or the export holds files the wrapper
   *     cannot take over (no rep, or a rep that does not match them)
   * @throws CommandFailedException when the backend does not start or the rep cannot be removed
   */
  static WrappedFileSystem open(
      BackendKind kind, DataLayout layout, SpecConfig config, Optional<String> ganeshaProblem)
      throws UsageException, CommandFailedException {
    if (kind == BackendKind.LOCAL) {
      return wrap(openLocal(layout), layout, config, "the local directory backend", null);
    }
    GaneshaServer ganesha = startGanesha(layout, ganeshaProblem);
    try {
      return wrap(openBackend(ganesha), layout, config, "nfs-ganesha/VFS", ganesha);
    } catch (UsageException | CommandFailedException | RuntimeException e) {
      try {
        ganesha.close();
      } catch (BackendException stop) {
        throw new CommandFailedException(
            e.getMessage() + "; and nfs-ganesha did not stop: " + stop.getMessage(), e);
      }
      throw e;
    }
  }

  /**
   * The one-line error for {@code --backend ganesha} where nfs-ganesha cannot run: the install hint
   * when a program or plugin is missing, else the problem itself (e.g. not running as root).
   */
  static String ganeshaMissing(String problem) {
    return problem.contains("not found") ? GANESHA_MISSING : "--backend ganesha: " + problem;
  }

  private static GaneshaServer startGanesha(DataLayout layout, Optional<String> problem)
      throws UsageException, CommandFailedException {
    if (problem.isPresent()) {
      throw new UsageException(ganeshaMissing(problem.get()));
    }
    GaneshaOptions options;
    try {
      options = GaneshaOptions.of(layout.export());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "nfs-ganesha cannot serve " + layout.export() + ": " + e.getMessage());
    }
    try {
      return GaneshaServer.start(options);
    } catch (BackendException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  private static Backend openBackend(GaneshaServer ganesha) throws CommandFailedException {
    try {
      return ganesha.openBackend();
    } catch (BackendException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  private static Backend openLocal(DataLayout layout) throws CommandFailedException {
    try {
      return LocalDirectoryBackend.open(layout.export());
    } catch (BackendException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
  }

  /** Restores or creates the wrapper over {@code backend}; closes the backend when that fails. */
  private static WrappedFileSystem wrap(
      Backend backend, DataLayout layout, SpecConfig config, String keeper, GaneshaServer ganesha)
      throws UsageException, CommandFailedException {
    Path rep = layout.rep();
    boolean restore = Files.exists(rep);
    ConformanceWrapper wrapper;
    try {
      wrapper =
          restore
              ? ConformanceWrapper.restore(backend, config, rep)
              : ConformanceWrapper.create(backend, config);
    } catch (ReplicaFaultException e) {
      backend.close();
      throw new UsageException(
          restore
              ? e.getMessage() + " (" + rep + " does not match " + layout.export() + ")"
              : e.getMessage() + " (there is no " + rep + "; it is written at a clean shutdown)");
    } catch (BackendException e) {
      backend.close();
      throw new CommandFailedException(e.getMessage(), e);
    }
    if (restore) {
      try {
        Files.delete(rep);
      } catch (IOException e) {
        wrapper.close();
        throw new CommandFailedException("cannot remove " + rep + " after reading it: " + e, e);
      }
    }
    return new WrappedFileSystem(wrapper, layout, keeper, restore, ganesha);
  }
}
