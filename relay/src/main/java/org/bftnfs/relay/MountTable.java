package org.bftnfs.relay;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The relay's list of current mounts (MOUNT DUMP), kept in the order they were made. It is
 * advisory, like every NFS server's: nothing checks it before serving a file handle. Thread-safe.
 */
final class MountTable {

  /**
   * One mount.
   *
   * @param host the client's address as text
   * @param directory the path the client mounted, as it sent it
   */
  record Entry(String host, String directory) {}

  private final Set<Entry> entries = new LinkedHashSet<>();

  /** Records a mount (once per host and directory). */
  synchronized void add(String host, String directory) {
    entries.add(new Entry(host, directory));
  }

  /** Forgets one mount (UMNT). */
  synchronized void remove(String host, String directory) {
    entries.remove(new Entry(host, directory));
  }

  /** Forgets every mount of a host (UMNTALL). */
  synchronized void removeAll(String host) {
    entries.removeIf(e -> e.host().equals(host));
  }

  /** The current mounts, oldest first. */
  synchronized List<Entry> snapshot() {
    return List.copyOf(new ArrayList<>(entries));
  }
}
