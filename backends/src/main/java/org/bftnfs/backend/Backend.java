package org.bftnfs.backend;

import java.util.List;
import java.util.Optional;

/**
 * A concrete, off-the-shelf file system implementation as the conformance wrapper sees it (paper
 * §3.2): NFSv3-shaped operations on opaque concrete handles. Implementations are thin adapters (an
 * NFSv3 client for any NFS server, a local directory through java.nio); all of the abstract
 * specification's decisions are taken by the wrapper, never here.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Every operation runs with full privileges (the wrapper has already checked the caller's
 *       permissions against the abstract state): it may read, write, chmod and chown anything.
 *   <li>A handle is an opaque byte string chosen by the implementation; it stays valid for the
 *       object's whole life within one run of the implementation, and may change when the
 *       implementation restarts (paper §3.4). {@code (fsid, fileid)} of {@link Attributes}
 *       identifies an object persistently.
 *   <li>Names are byte strings without '/' or NUL, never "." or "..".
 *   <li>Any failure — the server is unreachable, times out, or answers with an error the call does
 *       not expect — throws {@link BackendException}, with a message saying what failed. Nothing
 *       fails silently, and no method returns partial results.
 *   <li>Methods may be called from one thread at a time (the wrapper serialises execution).
 * </ul>
 */
public interface Backend extends AutoCloseable {

  /** What this backend is, for messages (e.g. "nfs-ganesha/VFS at 127.0.0.1:2050 on ext4"). */
  String describe();

  /** The handle of the backend's root directory. */
  byte[] root();

  /**
   * Whether this backend holds files of {@code wanted} bytes: {@code wanted} if it does, else the
   * largest file size it holds (as the backend tells or a probe finds; 0 if none can be found). A
   * replica whose backend cannot hold the file size its cluster promises clients refuses to start.
   *
   * @throws BackendException when the backend cannot be asked
   */
  long maxFileSize(long wanted);

  /** The attributes of an object. */
  Attributes getattr(byte[] handle);

  /**
   * Changes the attributes of {@code change} that are present (mode, uid, gid, size). Times are
   * abstract and are not pushed to the backend.
   */
  void setattr(byte[] handle, SetAttributes change);

  /** The object {@code name} in {@code dir}, or empty when there is none. */
  Optional<Found> lookup(byte[] dir, byte[] name);

  /**
   * Up to {@code count} bytes at {@code offset}: fewer only at the end of the file. Holes read as
   * zeros.
   */
  byte[] read(byte[] file, long offset, int count);

  /** Writes all of {@code data} at {@code offset}, stable on return. */
  void write(byte[] file, long offset, byte[] data);

  /** Creates an empty regular file; fails if {@code name} exists. */
  Found create(byte[] dir, byte[] name, int mode);

  /** Creates a directory; fails if {@code name} exists. */
  Found mkdir(byte[] dir, byte[] name, int mode);

  /** Creates a symbolic link to {@code target}; fails if {@code name} exists. */
  Found symlink(byte[] dir, byte[] name, byte[] target);

  /** The target of a symbolic link. */
  byte[] readlink(byte[] symlink);

  /** Removes a non-directory entry. */
  void remove(byte[] dir, byte[] name);

  /** Removes an empty directory. */
  void rmdir(byte[] dir, byte[] name);

  /** Renames, replacing an existing target of a compatible type (POSIX rename). */
  void rename(byte[] fromDir, byte[] fromName, byte[] toDir, byte[] toName);

  /** Adds a hard link {@code name} in {@code dir} to the non-directory {@code file}. */
  void link(byte[] file, byte[] dir, byte[] name);

  /**
   * The whole directory, without "." and "..", in the implementation's own order, each entry with
   * its handle and attributes.
   */
  List<Entry> readdir(byte[] dir);

  /** Releases connections and processes this backend holds. */
  @Override
  void close();

  /** Concrete attributes the wrapper uses (concrete times are never used). */
  record Attributes(
      Kind kind, int mode, int nlink, int uid, int gid, long size, long fsid, long fileid) {}

  /** The object kinds the abstract specification knows; anything else is {@link #OTHER}. */
  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER
  }

  /** An object found by name or created: its handle and attributes. */
  record Found(byte[] handle, Attributes attributes) {}

  /** A directory entry with its object's handle and attributes. */
  record Entry(byte[] name, byte[] handle, Attributes attributes) {}

  /**
   * Attribute changes; {@code null} components are left alone.
   *
   * @param mode permission bits (07777)
   * @param uid owner
   * @param gid group
   * @param size file size (regular files only)
   */
  record SetAttributes(Integer mode, Integer uid, Integer gid, Long size) {

    public static SetAttributes size(long size) {
      return new SetAttributes(null, null, null, size);
    }

    public static SetAttributes owner(int mode, int uid, int gid) {
      return new SetAttributes(mode, uid, gid, null);
    }
  }
}
