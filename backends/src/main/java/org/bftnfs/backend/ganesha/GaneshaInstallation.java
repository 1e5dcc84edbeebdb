package org.bftnfs.backend.ganesha;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the Debian packages {@code nfs-ganesha}, {@code nfs-ganesha-vfs} and {@code rpcbind} put
 * what an instance needs, and whether this machine can run one at all.
 */
final class GaneshaInstallation {

  private static final List<String> SYSTEM_DIRS =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  /** The FSAL_VFS plugin, found below one of these directories ("*" is one path element). */
  private static final List<String> FSAL_DIRS =
      List.of("/usr/lib/*/ganesha", "/usr/lib/ganesha", "/usr/lib64/ganesha");

  private final Path ganesha;
  private final Path rpcbind;
  private final Path kill;

  private GaneshaInstallation(Path ganesha, Path rpcbind, Path kill) {
    this.ganesha = ganesha;
    this.rpcbind = rpcbind;
    this.kill = kill;
  }

  /** The installation, or why there is none usable. */
  static Result find() {
    List<String> missing = new ArrayList<>();
    Optional<Path> ganesha = executable("ganesha.nfsd");
    if (ganesha.isEmpty()) {
      missing.add("ganesha.nfsd not found (Debian package nfs-ganesha)");
    }
    if (ganesha.isPresent() && fsalVfs().isEmpty()) {
      missing.add("libfsalvfs.so not found in " + FSAL_DIRS + " (Debian package nfs-ganesha-vfs)");
    }
    Optional<Path> rpcbind = executable("rpcbind");
    if (rpcbind.isEmpty()) {
      missing.add("rpcbind not found (Debian package rpcbind)");
    }
    Optional<Path> kill = executable("kill");
    if (kill.isEmpty()) {
      missing.add("kill not found (Debian package procps)");
    }
    if (!isRoot()) {
      missing.add("not running as root (FSAL_VFS needs CAP_DAC_READ_SEARCH for file handles)");
    }
    if (!missing.isEmpty()) {
      return new Result(null, "nfs-ganesha cannot run here: " + String.join("; ", missing));
    }
    return new Result(new GaneshaInstallation(ganesha.get(), rpcbind.get(), kill.get()), null);
  }

  /** The daemon, {@code ganesha.nfsd}. */
  Path ganesha() {
    return ganesha;
  }

  /** The portmapper daemon, {@code rpcbind}. */
  Path rpcbind() {
    return rpcbind;
  }

  /** The {@code kill} command (for signals Java cannot send: STOP and CONT). */
  Path kill() {
    return kill;
  }

  private static Optional<Path> executable(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SYSTEM_DIRS);
    for (String dir : dirs) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> fsalVfs() {
    for (String pattern : FSAL_DIRS) {
      int star = pattern.indexOf('*');
      if (star < 0) {
        Path plugin = Path.of(pattern, "libfsalvfs.so");
        if (Files.exists(plugin)) {
          return Optional.of(plugin);
        }
        continue;
      }
      Path parent = Path.of(pattern.substring(0, star));
      String rest = pattern.substring(star + 2);
      if (!Files.isDirectory(parent)) {
        continue;
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
        for (Path child : children) {
          Path plugin = child.resolve(rest).resolve("libfsalvfs.so");
          if (Files.exists(plugin)) {
            return Optional.of(plugin);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + parent, e);
      }
    }
    return Optional.empty();
  }

  /** True when this process's effective user id is 0 (from /proc/self/status). */
  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status", e);
    }
  }

  /**
   * The outcome of {@link #find()}.
   *
   * @param installation the installation, or {@code null}
   * @param problem why there is none, or {@code null}
   */
  record Result(GaneshaInstallation installation, String problem) {}
}
