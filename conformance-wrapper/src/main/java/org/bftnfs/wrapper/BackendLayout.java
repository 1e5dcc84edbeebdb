package org.bftnfs.wrapper;

import java.nio.charset.StandardCharsets;
import org.bftnfs.backend.Backend;
import org.bftnfs.spec.upcall.ReplicaFaultException;

/**
 * Where the wrapper keeps things in its backend's export: the abstract root directory is the
 * backend directory {@value #ROOT}, and {@value #UNLINKED} holds objects that exist but are not yet
 * (or no longer) linked into the tree while {@code putObjs} works (paper §3.3: "created ... in a
 * separate unlinked directory"). Nothing else in the export belongs to the file system.
 */
final class BackendLayout {

  static final String ROOT = "root";
  static final String UNLINKED = "unlinked";

  private final byte[] root;
  private final byte[] unlinked;

  private BackendLayout(byte[] root, byte[] unlinked) {
    this.root = root;
    this.unlinked = unlinked;
  }

  /** Finds or makes the two directories. */
  static BackendLayout prepare(Backend backend) {
    return new BackendLayout(dir(backend, ROOT), dir(backend, UNLINKED));
  }

  private static byte[] dir(Backend backend, String name) {
    byte[] top = backend.root();
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    return backend
        .lookup(top, n)
        .map(
            f -> {
              if (f.attributes().kind() != Backend.Kind.DIRECTORY) {
                throw new ReplicaFaultException(
                    backend.describe() + ": '" + name + "' in the export is not a directory");
              }
              return f.handle();
            })
        .orElseGet(() -> backend.mkdir(top, n, 0700).handle());
  }

  /** The backend directory that is the abstract root (index 0). */
  byte[] root() {
    return root.clone();
  }

  /** The backend directory for objects not linked into the tree. */
  byte[] unlinked() {
    return unlinked.clone();
  }

  /** The name an object of entry {@code index} and {@code generation} has in {@link #UNLINKED}. */
  static byte[] parkedName(int index, int generation) {
    return ("o" + index + "." + Integer.toUnsignedString(generation))
        .getBytes(StandardCharsets.US_ASCII);
  }
}
