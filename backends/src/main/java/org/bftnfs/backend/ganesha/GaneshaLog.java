package org.bftnfs.backend.ganesha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an instance's log file (ganesha.nfsd {@code -L}) for problems: lines at level CRIT, MAJ or
 * FATAL. Two kinds are known noise on a machine without D-Bus or Kerberos and are left out: the
 * DBUS component's complaints and the NFSv4 callback's missing keytab.
 */
final class GaneshaLog {

  private static final Pattern PROBLEM = Pattern.compile(":(CRIT|MAJ|FATAL) :");
  private static final Pattern NOISE =
      Pattern.compile(":DBUS :|gssd_refresh_krb5_machine_credential");
  private static final int MAX_LINES = 20;

  private final Path file;
  private long mark;

  GaneshaLog(Path file) {
    this.file = file;
  }

  /** From now on look only at what is written after this point (the start of a new run). */
  void mark() {
    try {
      mark = Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the size of " + file, e);
    }
  }

  /** The log file. */
  Path file() {
    return file;
  }

  /** The CRIT, MAJ and FATAL lines since the mark, without known noise. */
  List<String> problems() {
    return lines().stream()
        .filter(l -> PROBLEM.matcher(l).find() && !NOISE.matcher(l).find())
        .toList();
  }

  /** The lines of the configuration parser at level CRIT (e.g. an export it could not create). */
  List<String> configErrors() {
    return lines().stream().filter(l -> l.contains(":CONFIG :CRIT :")).toList();
  }

  /** True when the daemon could not bind one of its ports. */
  boolean bindFailed() {
    return problems().stream().anyMatch(l -> l.contains("Bind_sockets") || l.contains("binding"));
  }

  /**
   * True when the daemon could not register with rpcbind ({@code Cannot register NFS V3 on TCP}):
   * every instance unregisters the NFS and MOUNT programs and registers them again as it starts, so
   * of two instances starting at the same moment one may find the other's registration and exit.
   */
  boolean registrationFailed() {
    return problems().stream().anyMatch(l -> l.contains("Cannot register"));
  }

  /** The problems for a message: at most 20 lines, or a note that there are none. */
  String summary() {
    List<String> problems = problems();
    if (problems.isEmpty()) {
      return "no CRIT/MAJ/FATAL lines in " + file;
    }
    List<String> shown =
        problems.subList(Math.max(0, problems.size() - MAX_LINES), problems.size());
    return file.getFileName() + " says:\n  " + String.join("\n  ", shown);
  }

  private List<String> lines() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      byte[] all = Files.readAllBytes(file);
      int from = (int) Math.min(mark, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
