package org.bftnfs.backend.local;

import static org.bftnfs.backend.local.LocalIo.io;
import static org.bftnfs.backend.local.LocalIo.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.backend.local.Resolver.Resolved;

/**
 * A {@link Backend} on a local directory through java.nio: the second, independent concrete
 * implementation next to the NFS client backend. It must run as root (or with the capabilities to
 * chown and to set set-id bits) for the whole Backend contract.
 *
 * <p><b>Handles.</b> A handle is the object's inode number plus a generation ({@link LocalHandle},
 * 12 bytes), never a path (paths change on rename). An in-memory {@link InodeTable} maps each inode
 * number to the directory entries that name it (several for hard links); every namespace operation
 * here keeps it up to date, {@link #lookup} and {@link #readdir} add entries they find, and {@link
 * #open} rebuilds it by walking the whole tree, so handles of existing objects survive a restart of
 * the backend object. The generation distinguishes an object created on the inode number of one
 * removed earlier in the same run, so the removed object's handle is stale rather than an alias.
 * Each use of a handle re-derives a path from the table and verifies it against the disk ({@link
 * Resolver}); a handle no existing object has fails with "stale local handle".
 *
 * <p><b>Names.</b> Names are raw bytes and are stored on disk exactly as given, whatever the JVM's
 * file name charset: {@link RawPaths} builds paths from bytes through {@code file:} URIs and reads
 * them back through {@link Path#toUri()}, so names such as {@code 0xff 0xfe} round-trip without any
 * escaping on disk (and so without lengthening names beyond NAME_MAX). Symbolic link targets are
 * stored exactly too, except targets with redundant or trailing slashes, which java.nio cannot
 * create: those are stored in the escaped form documented in {@link SymlinkTargets}.
 *
 * <p><b>Symbolic links are never followed.</b> Attributes come from {@code lstat}, files are opened
 * with {@code O_NOFOLLOW}, chmod goes through {@code O_NOFOLLOW} descriptors and chown is {@code
 * lchown}; operations on a symbolic link that need to follow it (read, write, resize, chmod, lookup
 * or readdir inside it) fail with BackendException instead. The tree walk at open never descends
 * into links. Paths are re-verified component by component before use, so this holds as long as no
 * other program changes the directory while the backend runs.
 *
 * <p><b>Attributes and limits.</b> Attributes are the "unix" view's mode (07777 bits), nlink, uid,
 * gid, size, dev (as fsid) and ino (as fileid). A mount point inside the directory is refused.
 * Changing the owner of a file clears its set-id bits in the kernel; setattr restores the mode
 * afterwards so a change leaves the attributes it does not name alone. The mode of a symbolic link
 * cannot be changed on Linux (BackendException). Paths longer than PATH_MAX (4,096 bytes from the
 * root of the machine) fail. Not thread-safe: the wrapper calls one method at a time.
 */
public final class LocalDirectoryBackend implements Backend {

  private final Path root;
  private final long fsid;
  private final String description;
  private final InodeTable table;
  private final Resolver resolver;
  private boolean closed;

  private LocalDirectoryBackend(Path root, Attributes rootAttributes, String type) {
    this.root = root;
    this.fsid = rootAttributes.fsid();
    this.description = "local directory " + root + " on " + type;
    this.table = new InodeTable(rootAttributes.fileid());
    this.resolver = new Resolver(root, table);
  }

  /**
   * Opens the backend on an existing directory (not a symbolic link to one), indexing every object
   * below it.
   *
   * @throws BackendException if the directory cannot be read or holds a mount point
   */
  public static LocalDirectoryBackend open(Path directory) {
    Path root = directory.toAbsolutePath();
    Attributes a = io("open", root, () -> UnixStat.lstat(root));
    if (a.kind() != Kind.DIRECTORY) {
      throw new BackendException("open " + root + ": not a directory but " + a.kind());
    }
    String type = io("open", root, () -> Files.getFileStore(root).type());
    LocalDirectoryBackend backend = new LocalDirectoryBackend(root, a, type);
    backend.indexTree();
    return backend;
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Probes the file system: a sparse file in the export, set to the size (no data written) and
   * removed at once; when the size is refused, the largest accepted size is searched for the same
   * way (about 40 probes).
   */
  @Override
  public long maxFileSize(long wanted) {
    ensureOpen();
    Path probe = root.resolve(".bftnfs-size-probe-" + ProcessHandle.current().pid());
    try {
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(probe.toFile(), "rw")) {
        if (fits(f, wanted)) {
          return wanted;
        }
        long lo = 0;
        long hi = wanted; // lo fits, hi does not
        while (hi - lo > 1) {
          long mid = lo + (hi - lo) / 2;
          if (fits(f, mid)) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        return lo;
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      throw new BackendException("probing the largest file " + root + " holds: " + e, e);
    }
  }

  private static boolean fits(java.io.RandomAccessFile f, long size) {
    try {
      f.setLength(size);
      f.setLength(0);
      return true;
    } catch (IOException e) {
      return false; // EFBIG (or EINVAL): not a size this file system holds
    }
  }

  @Override
  public byte[] root() {
    ensureOpen();
    return table.root().toBytes();
  }

  @Override
  public Attributes getattr(byte[] handle) {
    ensureOpen();
    return resolver.resolve(handle).attributes();
  }

  @Override
  public void setattr(byte[] handle, SetAttributes change) {
    ensureOpen();
    Resolved r = resolver.resolve(handle);
    Kind kind = r.attributes().kind();
    Path p = r.path();
    checkChange(change, kind, p);
    if (change.uid() != null) {
      run(
          "chown",
          p,
          () -> Files.setAttribute(p, "unix:uid", change.uid(), LinkOption.NOFOLLOW_LINKS));
    }
    if (change.gid() != null) {
      run(
          "chgrp",
          p,
          () -> Files.setAttribute(p, "unix:gid", change.gid(), LinkOption.NOFOLLOW_LINKS));
    }
    boolean ownerChanged = change.uid() != null || change.gid() != null;
    if ((change.mode() != null || ownerChanged) && (kind == Kind.FILE || kind == Kind.DIRECTORY)) {
      int mode = change.mode() != null ? change.mode() : r.attributes().mode();
      chmod(p, mode);
    }
    if (change.size() != null) {
      run("truncate", p, () -> LocalFileData.resize(p, change.size()));
    }
  }

  @Override
  public Optional<Found> lookup(byte[] dir, byte[] name) {
    ensureOpen();
    Resolved d = resolver.directory(dir, "lookup");
    Path p = d.child(name);
    Optional<Attributes> a = io("lookup", p, () -> UnixStat.lstatIfExists(p));
    if (a.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(register(d, name, p, a.get()));
  }

  @Override
  public byte[] read(byte[] file, long offset, int count) {
    ensureOpen();
    Resolved r = resolver.ofKind(file, Kind.FILE, "read");
    if (offset < 0 || count < 0) {
      throw new BackendException(
          "read " + r.path() + ": negative offset " + offset + " or count " + count);
    }
    return io("read", r.path(), () -> LocalFileData.read(r.path(), offset, count));
  }

  @Override
  public void write(byte[] file, long offset, byte[] data) {
    ensureOpen();
    Resolved r = resolver.ofKind(file, Kind.FILE, "write");
    if (offset < 0 || offset > Long.MAX_VALUE - data.length) {
      throw new BackendException(
          "write " + r.path() + ": offset " + offset + " with " + data.length + " bytes");
    }
    run("write", r.path(), () -> LocalFileData.write(r.path(), offset, data));
  }

  @Override
  public Found create(byte[] dir, byte[] name, int mode) {
    ensureOpen();
    checkMode(mode);
    Resolved d = resolver.directory(dir, "create");
    Path p = d.child(name);
    run("create", p, () -> Files.createFile(p));
    chmod(p, mode);
    return register(d, name, p, io("create", p, () -> UnixStat.lstat(p)));
  }

  @Override
  public Found mkdir(byte[] dir, byte[] name, int mode) {
    ensureOpen();
    checkMode(mode);
    Resolved d = resolver.directory(dir, "mkdir");
    Path p = d.child(name);
    run("mkdir", p, () -> Files.createDirectory(p));
    chmod(p, mode);
    return register(d, name, p, io("mkdir", p, () -> UnixStat.lstat(p)));
  }

  @Override
  public Found symlink(byte[] dir, byte[] name, byte[] target) {
    ensureOpen();
    Path stored = SymlinkTargets.toDisk(target);
    Resolved d = resolver.directory(dir, "symlink");
    Path p = d.child(name);
    run("symlink", p, () -> Files.createSymbolicLink(p, stored));
    return register(d, name, p, io("symlink", p, () -> UnixStat.lstat(p)));
  }

  @Override
  public byte[] readlink(byte[] symlink) {
    ensureOpen();
    Resolved r = resolver.ofKind(symlink, Kind.SYMLINK, "readlink");
    Path stored = io("readlink", r.path(), () -> Files.readSymbolicLink(r.path()));
    return SymlinkTargets.fromDisk(r.path(), stored);
  }

  @Override
  public void remove(byte[] dir, byte[] name) {
    ensureOpen();
    Resolved d = resolver.directory(dir, "remove");
    Path p = d.child(name);
    Attributes a = existing("remove", p);
    if (a.kind() == Kind.DIRECTORY) {
      throw new BackendException("remove " + p + ": is a directory");
    }
    run("remove", p, () -> Files.delete(p));
    table.detach(new Link(d.handle().ino(), name));
  }

  @Override
  public void rmdir(byte[] dir, byte[] name) {
    ensureOpen();
    Resolved d = resolver.directory(dir, "rmdir");
    Path p = d.child(name);
    Attributes a = existing("rmdir", p);
    if (a.kind() != Kind.DIRECTORY) {
      throw new BackendException("rmdir " + p + ": not a directory but " + a.kind());
    }
    run("rmdir", p, () -> Files.delete(p));
    table.detach(new Link(d.handle().ino(), name));
  }

  @Override
  public void rename(byte[] fromDir, byte[] fromName, byte[] toDir, byte[] toName) {
    ensureOpen();
    Resolved from = resolver.directory(fromDir, "rename");
    Resolved to = resolver.directory(toDir, "rename");
    Path source = from.child(fromName);
    Path target = to.child(toName);
    Attributes moved = existing("rename", source);
    Optional<Attributes> replaced = io("rename", target, () -> UnixStat.lstatIfExists(target));
    run("rename", source, () -> Files.move(source, target, StandardCopyOption.ATOMIC_MOVE));
    if (replaced.isPresent() && replaced.get().fileid() == moved.fileid()) {
      return; // POSIX: two entries of the same object, rename does nothing
    }
    table.move(
        moved.fileid(),
        new Link(from.handle().ino(), fromName),
        new Link(to.handle().ino(), toName));
  }

  @Override
  public void link(byte[] file, byte[] dir, byte[] name) {
    ensureOpen();
    Resolved f = resolver.resolve(file);
    if (f.attributes().kind() == Kind.DIRECTORY) {
      throw new BackendException("link " + f.path() + ": cannot hard-link a directory");
    }
    Resolved d = resolver.directory(dir, "link");
    Path p = d.child(name);
    run("link", p, () -> Files.createLink(p, f.path()));
    register(d, name, p, io("link", p, () -> UnixStat.lstat(p)));
  }

  @Override
  public List<Entry> readdir(byte[] dir) {
    ensureOpen();
    Resolved d = resolver.directory(dir, "readdir");
    List<Entry> entries = new ArrayList<>();
    for (Listed l : list(d)) {
      entries.add(new Entry(l.name(), l.found().handle(), l.found().attributes()));
    }
    return entries;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** An entry read from a directory, registered in the table. */
  private record Listed(byte[] name, Path path, Found found) {}

  /** Every entry of the verified directory {@code d}, each registered in the table. */
  private List<Listed> list(Resolved d) {
    return io(
        "readdir",
        d.path(),
        () -> {
          List<Listed> listed = new ArrayList<>();
          try (DirectoryStream<Path> stream = Files.newDirectoryStream(d.path())) {
            for (Path entry : stream) {
              byte[] name = RawPaths.fileNameBytes(entry.getFileName());
              listed.add(new Listed(name, entry, register(d, name, entry, UnixStat.lstat(entry))));
            }
          }
          return listed;
        });
  }

  /** Builds the inode table by walking the tree from the root (never into symbolic links). */
  private void indexTree() {
    Deque<Resolved> pending = new ArrayDeque<>();
    pending.push(resolver.resolve(table.root().toBytes()));
    while (!pending.isEmpty()) {
      for (Listed l : list(pending.pop())) {
        Attributes a = l.found().attributes();
        if (a.kind() == Kind.DIRECTORY) {
          pending.push(new Resolved(LocalHandle.parse(l.found().handle()), l.path(), a));
        }
      }
    }
  }

  /** Records the entry {@code name} of {@code d} at {@code p} with attributes {@code a}. */
  private Found register(Resolved d, byte[] name, Path p, Attributes a) {
    if (a.fsid() != fsid) {
      throw new BackendException(
          p
              + " is on another file system (dev "
              + a.fsid()
              + ", the root's is "
              + fsid
              + "): mount points inside the directory are not supported");
    }
    LocalHandle h = table.add(a.fileid(), new Link(d.handle().ino(), name));
    return new Found(h.toBytes(), a);
  }

  private Attributes existing(String operation, Path p) {
    return io(operation, p, () -> UnixStat.lstatIfExists(p))
        .orElseThrow(() -> new BackendException(operation + " " + p + ": no such entry"));
  }

  private static void chmod(Path p, int mode) {
    run("chmod", p, () -> Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS));
  }

  private static void checkMode(int mode) {
    if ((mode & ~07777) != 0) {
      throw new BackendException(
          "mode 0" + Integer.toOctalString(mode) + " has bits outside 07777");
    }
  }

  private static void checkChange(SetAttributes change, Kind kind, Path p) {
    if (change.mode() != null) {
      checkMode(change.mode());
      if (kind != Kind.FILE && kind != Kind.DIRECTORY) {
        throw new BackendException(
            "chmod " + p + ": the mode of a " + kind + " cannot be changed here");
      }
    }
    if (change.size() != null && (kind != Kind.FILE || change.size() < 0)) {
      throw new BackendException("truncate " + p + ": size " + change.size() + " of a " + kind);
    }
    if ((change.uid() != null && change.uid() == -1)
        || (change.gid() != null && change.gid() == -1)) {
      throw new BackendException("chown " + p + ": id 4294967295 means 'unchanged' to chown");
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new BackendException(description + " is closed");
    }
  }
}
