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
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.wrapper.ConformanceWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that opens the implementation a process runs ({@link Store}), for {@code serve},
 * {@code replica} and {@code local-cluster} alike: the reference in memory ({@code spec}), or a
 * conformance wrapper over a local directory or an nfs-ganesha it starts ({@code local}, {@code
 * ganesha}) on {@code DIR/export}, restored from {@code DIR/conformance-rep} when that exists, or
 * created on an empty export.
 *
 * <p>A restored rep is deleted at once: it describes the export only until the first change, and it
 * is written again at the next clean shutdown. After a crash the export therefore has no rep and
 * files the wrapper cannot account for; what then happens is the caller's {@link UnknownExport}
 * policy: an unreplicated server refuses to serve it (its files are the only copy), a replica
 * starts from a clean export and is brought up to date by state transfer (paper §2.2, §3.4:
 * recovery "restarts the implementation from a clean initial concrete state").
 */
final class Stores {

  /** What to do with an export that has files but no saved rep (or one that does not match). */
  enum UnknownExport {
    /** Refuse it with a usage error: the files are the only copy ({@code serve}). */
    REFUSE,
    /** Empty it and start clean: the other replicas hold the state ({@code replica}). */
    START_CLEAN
  }

  private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

  /** The error when nfs-ganesha is missing. */
  static final String GANESHA_MISSING =
      "--backend ganesha needs nfs-ganesha (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind)";

  private Stores() {}

  /**
   * Opens {@code kind} on {@code layout} (prepared; unused for {@code spec}).
   *
   * @param ganeshaProblem why nfs-ganesha cannot run here, empty when it can
   * @param unknown what to do with an export the wrapper cannot take over
   * @throws UsageException when nfs-ganesha is missing, or (policy {@code REFUSE}) the export holds
   *     files the wrapper cannot take over (no rep, or a rep that does not match them)
   * @throws CommandFailedException when the backend does not start or the rep cannot be removed
   */
  static Store open(
      ClusterConfig.Backend kind,
      DataLayout layout,
      SpecConfig config,
      Optional<String> ganeshaProblem,
      UnknownExport unknown)
      throws UsageException, CommandFailedException {
    if (kind == ClusterConfig.Backend.SPEC) {
      return new InMemoryStore(config);
    }
    if (kind == ClusterConfig.Backend.LOCAL) {
      return wrap(openLocal(layout), layout, config, "the local directory backend", null, unknown);
    }
    GaneshaServer ganesha = startGanesha(layout, ganeshaProblem);
    try {
      return wrap(openBackend(ganesha), layout, config, "nfs-ganesha/VFS", ganesha, unknown);
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

  /**
   * Refuses a backend that cannot hold the largest file the cluster promises its clients (FSINFO
   * {@code maxfilesize}): a client would be refused at that replica only, a fault where the others
   * succeed. Closes the backend when it refuses.
   */
  static void requireFileSize(Backend backend, SpecConfig config)
      throws UsageException, CommandFailedException {
    long wanted = config.maxFileSize();
    long holds;
    try {
      holds = backend.maxFileSize(wanted);
    } catch (BackendException e) {
      backend.close();
      throw new CommandFailedException(e.getMessage(), e);
    }
    if (holds < wanted) {
      backend.close();
      throw new UsageException(
          backend.describe()
              + " holds files of at most "
              + holds
              + " bytes, but the cluster file promises clients files of "
              + wanted
              + " bytes (spec.maxFileSize): set spec.maxFileSize to at most "
              + holds
              + " in the cluster file (the same on every replica), or give this replica an export"
              + " on a file system that holds larger files");
    }
  }

  /** Restores or creates the wrapper over {@code backend}; closes the backend when that fails. */
  private static WrappedStore wrap(
      Backend backend,
      DataLayout layout,
      SpecConfig config,
      String keeper,
      GaneshaServer ganesha,
      UnknownExport unknown)
      throws UsageException, CommandFailedException {
    requireFileSize(backend, config);
    Path rep = layout.rep();
    boolean restore = Files.exists(rep);
    ConformanceWrapper wrapper;
    try {
      try {
        wrapper =
            restore
                ? ConformanceWrapper.restore(backend, config, rep)
                : ConformanceWrapper.create(backend, config);
      } catch (ReplicaFaultException e) {
        String why =
            restore
                ? e.getMessage() + " (" + rep + " does not match " + layout.export() + ")"
                : e.getMessage() + " (there is no " + rep + "; it is written at a clean shutdown)";
        if (unknown == UnknownExport.REFUSE) {
          backend.close();
          throw new UsageException(why);
        }
        LOG.warn("{}: starting from a clean export: {}", backend.describe(), why);
        CleanExport.wipe(backend);
        wrapper = ConformanceWrapper.create(backend, config);
        restore = false;
        if (Files.exists(rep)) {
          Files.delete(rep);
        }
      }
    } catch (BackendException | ReplicaFaultException e) {
      backend.close();
      throw new CommandFailedException(e.getMessage(), e);
    } catch (IOException e) {
      backend.close();
      throw new CommandFailedException("cannot remove " + rep + ": " + e.getMessage(), e);
    }
    if (restore) {
      try {
        Files.delete(rep);
      } catch (IOException e) {
        wrapper.close();
        throw new CommandFailedException("cannot remove " + rep + " after reading it: " + e, e);
      }
    }
    return new WrappedStore(wrapper, layout, keeper, restore, ganesha);
  }
}
