package org.bftnfs.wrapper;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.state.Name;

/**
 * An in-memory {@link Backend} for fast unit tests of the wrapper's logic only. It is never the
 * proof of a feature: the differential tests run the wrapper over real backends. Handles are 8-byte
 * inode numbers starting at a configurable base, so that two instances hand out different handles
 * (as two real servers would). It can be told to corrupt a file's data.
 */
final class MemoryBackend implements Backend {

  private final class Node {
    final long ino;
    final Kind kind;
    int mode;
    int uid;
    int gid;
    int nlink;
    final FileData data = new FileData();
    final TreeMap<Name, Node> entries = new TreeMap<>();
    byte[] target;

    Node(Kind kind, int mode) {
      this.ino = nextIno++;
      this.kind = kind;
      this.mode = mode;
      nodes.put(ino, this);
    }

    Attributes attributes() {
      long size = kind == Kind.FILE ? data.size() : kind == Kind.SYMLINK ? target.length : 4096;
      return new Attributes(kind, mode, nlink, uid, gid, size, 77, ino);
    }
  }

  private final Map<Long, Node> nodes = new HashMap<>();
  private long nextIno;
  private final Node root;
  int calls;
  boolean failAll;

  MemoryBackend(long firstIno) {
    nextIno = firstIno;
    root = new Node(Kind.DIRECTORY, 0755);
    root.nlink = 2;
  }

  private static byte[] handle(Node n) {
    return ByteBuffer.allocate(8).putLong(n.ino).array();
  }

  private Node node(byte[] h) {
    calls++;
    if (failAll) {
      throw new BackendException("memory backend: injected failure");
    }
    Node n = h.length == 8 ? nodes.get(ByteBuffer.wrap(h).getLong()) : null;
    if (n == null) {
      throw new BackendException("memory backend: stale handle");
    }
    return n;
  }

  private Node dir(byte[] h) {
    Node n = node(h);
    if (n.kind != Kind.DIRECTORY) {
      throw new BackendException("memory backend: not a directory");
    }
    return n;
  }

  @Override
  public String describe() {
    return "memory backend";
  }

  @Override
  public byte[] root() {
    return handle(root);
  }

  @Override
  public long maxFileSize(long wanted) {
    return wanted; // memory holds any size a test asks for
  }

  @Override
  public Attributes getattr(byte[] h) {
    return node(h).attributes();
  }

  @Override
  public void setattr(byte[] h, SetAttributes c) {
    Node n = node(h);
    if (c.mode() != null) {
      n.mode = c.mode();
    }
    if (c.uid() != null) {
      n.uid = c.uid();
    }
    if (c.gid() != null) {
      n.gid = c.gid();
    }
    if (c.size() != null) {
      n.data.truncate(c.size());
    }
  }

  @Override
  public Optional<Found> lookup(byte[] d, byte[] name) {
    Node n = dir(d).entries.get(Name.of(name));
    return n == null ? Optional.empty() : Optional.of(new Found(handle(n), n.attributes()));
  }

  @Override
  public byte[] read(byte[] f, long offset, int count) {
    return node(f).data.read(offset, count);
  }

  @Override
  public void write(byte[] f, long offset, byte[] data) {
    node(f).data.write(offset, data);
  }

  private Found add(byte[] d, byte[] name, Node n) {
    Node parent = dir(d);
    if (parent.entries.putIfAbsent(Name.of(name), n) != null) {
      nodes.remove(n.ino);
      throw new BackendException("memory backend: exists");
    }
    n.nlink = n.kind == Kind.DIRECTORY ? 2 : 1;
    if (n.kind == Kind.DIRECTORY) {
      parent.nlink++;
    }
    return new Found(handle(n), n.attributes());
  }

  @Override
  public Found create(byte[] d, byte[] name, int mode) {
    return add(d, name, new Node(Kind.FILE, mode));
  }

  @Override
  public Found mkdir(byte[] d, byte[] name, int mode) {
    return add(d, name, new Node(Kind.DIRECTORY, mode));
  }

  @Override
  public Found symlink(byte[] d, byte[] name, byte[] target) {
    Node n = new Node(Kind.SYMLINK, 0777);
    n.target = target.clone();
    return add(d, name, n);
  }

  @Override
  public byte[] readlink(byte[] s) {
    return node(s).target.clone();
  }

  private Node take(byte[] d, byte[] name) {
    Node parent = dir(d);
    Node n = parent.entries.remove(Name.of(name));
    if (n == null) {
      throw new BackendException("memory backend: no entry");
    }
    if (n.kind == Kind.DIRECTORY) {
      parent.nlink--;
    }
    return n;
  }

  @Override
  public void remove(byte[] d, byte[] name) {
    Node n = take(d, name);
    if (--n.nlink == 0) {
      nodes.remove(n.ino);
    }
  }

  @Override
  public void rmdir(byte[] d, byte[] name) {
    Node n = dir(d).entries.get(Name.of(name));
    if (n == null || !n.entries.isEmpty()) {
      throw new BackendException("memory backend: rmdir of a missing or non-empty directory");
    }
    take(d, name);
    nodes.remove(n.ino);
  }

  @Override
  public void rename(byte[] fd, byte[] fn, byte[] td, byte[] tn) {
    Node moving = take(fd, fn);
    Node to = dir(td);
    Node old = to.entries.get(Name.of(tn));
    if (old != null) {
      take(td, tn);
      if (old.kind == Kind.DIRECTORY || --old.nlink == 0) {
        nodes.remove(old.ino);
      }
    }
    to.entries.put(Name.of(tn), moving);
    if (moving.kind == Kind.DIRECTORY) {
      to.nlink++;
    }
  }

  @Override
  public void link(byte[] f, byte[] d, byte[] name) {
    Node n = node(f);
    if (dir(d).entries.putIfAbsent(Name.of(name), n) != null) {
      throw new BackendException("memory backend: exists");
    }
    n.nlink++;
  }

  @Override
  public List<Entry> readdir(byte[] d) {
    List<Entry> out = new ArrayList<>();
    // reverse order: the wrapper must not depend on the backend's order
    dir(d)
        .entries
        .descendingMap()
        .forEach((k, n) -> out.add(new Entry(k.bytes(), handle(n), n.attributes())));
    return out;
  }

  /** Flips a byte of a file's data behind the wrapper's back. */
  void corrupt(byte[] h, long offset) {
    Node n = node(h);
    byte[] b = n.data.read(offset, 1);
    n.data.write(offset, new byte[] {(byte) (b.length == 0 ? 1 : b[0] ^ 0x5a)});
  }

  @Override
  public void close() {}

  static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
