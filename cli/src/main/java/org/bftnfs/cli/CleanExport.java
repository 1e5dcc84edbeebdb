package org.bftnfs.cli;

import org.bftnfs.backend.Backend;

/** Empties a backend's export through the backend itself (so it works for any implementation). */
final class CleanExport {

  private CleanExport() {}

  /** Removes everything below the backend's root. */
  static void wipe(Backend backend) {
    byte[] root = backend.root();
    for (Backend.Entry e : backend.readdir(root)) {
      remove(backend, root, e);
    }
  }

  private static void remove(Backend backend, byte[] dir, Backend.Entry e) {
    if (e.attributes().kind() == Backend.Kind.DIRECTORY) {
      for (Backend.Entry child : backend.readdir(e.handle())) {
        remove(backend, e.handle(), child);
      }
      backend.rmdir(dir, e.name());
    } else {
      backend.remove(dir, e.name());
    }
  }
}
