package org.bftnfs.spec.state;

import org.bftnfs.spec.Oid;

/**
 * Told about every change to the namespace and to the owner/mode of objects, right after the
 * specification made it in the abstract state. The reference implementation ignores these; a
 * conformance wrapper mirrors each one onto its backend (paper §3.2: the wrapper "sends the
 * modified request to the underlying NFS server"), with file data going through {@link
 * FileContent}.
 *
 * <p>Each call describes one NFSv3 namespace operation that succeeded; by the time it is called,
 * the abstract state already holds the result. A listener that fails throws an unchecked exception:
 * the execution is then a fault of the replica.
 */
public interface NamespaceListener {

  /** Ignores everything (the reference implementation). */
  NamespaceListener NONE = new NamespaceListener() {};

  /**
   * {@code object} was created (CREATE, MKDIR, SYMLINK) and linked as {@code name} in {@code dir},
   * with its initial metadata, size and, for a symbolic link, target.
   */
  default void created(Oid dir, Name name, Oid object) {}

  /** A hard link {@code name} in {@code dir} to the existing {@code object} was added (LINK). */
  default void linked(Oid dir, Name name, Oid object) {}

  /**
   * {@code name} was removed from {@code dir} (REMOVE, RMDIR); the object had type {@code type} and
   * was freed when {@code freed}.
   */
  default void unlinked(Oid dir, Name name, Oid object, ObjectType type, boolean freed) {}

  /**
   * {@code object} moved from {@code fromName} in {@code fromDir} to {@code toName} in {@code
   * toDir}, replacing {@code replaced} (or {@code null}), which lost that link and was freed when
   * {@code replacedFreed}.
   */
  default void renamed(
      Oid fromDir,
      Name fromName,
      Oid toDir,
      Name toName,
      Oid object,
      Oid replaced,
      boolean replacedFreed) {}

  /** The mode, uid or gid of {@code object} changed (SETATTR). */
  default void attributesChanged(Oid object) {}
}
