package org.bftnfs.backend.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bftnfs.backend.BackendException;

/**
 * The local backend's in-memory map from inode numbers to the directory entries that name them
 * (several for hard links), kept up to date by every namespace change the backend makes. It does no
 * I/O: the backend verifies every path it derives from here against the disk.
 *
 * <p>An object "dies" when its last known entry goes; its inode number then remembers the next
 * generation, so a later object on the same inode number gets a different {@link LocalHandle} and
 * the dead object's handle is stale. The root never dies. The remembered generations grow with the
 * number of distinct inode numbers that died during this run.
 */
final class InodeTable {

  private final long rootIno;
  private final Map<Long, Node> nodes = new HashMap<>();
  private final Map<Link, Long> owners = new HashMap<>();
  private final Map<Long, Integer> nextGeneration = new HashMap<>();

  /** A live object: its generation and the entries naming it, oldest first. */
  private static final class Node {
    final long ino;
    final int generation;
    final Set<Link> links = new LinkedHashSet<>();

    Node(long ino, int generation) {
      this.ino = ino;
      this.generation = generation;
    }
  }

  InodeTable(long rootIno) {
    this.rootIno = rootIno;
    nodes.put(rootIno, new Node(rootIno, 0));
  }

  /** The root directory's handle. */
  LocalHandle root() {
    return new LocalHandle(rootIno, 0);
  }

  /** True when {@code handle} is the root's. */
  boolean isRoot(LocalHandle handle) {
    return handle.ino() == rootIno && handle.generation() == 0;
  }

  /** Number of live objects, root included. */
  int size() {
    return nodes.size();
  }

  /**
   * Records that {@code link} names the object {@code ino} (created or found on disk) and returns
   * the object's handle. An entry that named another object before is moved off it.
   */
  LocalHandle add(long ino, Link link) {
    Long previous = owners.get(link);
    if (previous != null && previous != ino) {
      detach(link);
    }
    Node node = nodes.get(ino);
    if (node == null) {
      Integer generation = nextGeneration.remove(ino);
      node = new Node(ino, generation == null ? 0 : generation);
      nodes.put(ino, node);
    }
    node.links.add(link);
    owners.put(link, ino);
    return new LocalHandle(ino, node.generation);
  }

  /** Forgets the entry {@code link} (removed or replaced); its object dies with its last entry. */
  void detach(Link link) {
    Long ino = owners.remove(link);
    if (ino == null) {
      return;
    }
    Node node = nodes.get(ino);
    node.links.remove(link);
    if (node.links.isEmpty() && ino != rootIno) {
      nodes.remove(ino);
      nextGeneration.put(ino, node.generation + 1);
    }
  }

  /**
   * Records a rename of the object {@code ino} from {@code from} to {@code to}; whatever {@code to}
   * named before has been replaced.
   */
  void move(long ino, Link from, Link to) {
    detach(to);
    Long owner = owners.get(from);
    if (owner != null && owner == ino) {
      owners.remove(from);
      Node node = nodes.get(ino);
      node.links.remove(from);
      node.links.add(to);
      owners.put(to, ino);
    } else {
      add(ino, to);
    }
  }

  /** The handle of the live object {@code ino}, if the table knows it. */
  Optional<LocalHandle> handleOf(long ino) {
    Node node = nodes.get(ino);
    return node == null ? Optional.empty() : Optional.of(new LocalHandle(ino, node.generation));
  }

  /**
   * The entries naming the object of {@code handle}, oldest first (none for the root).
   *
   * @throws BackendException "stale local handle" when no live object has this handle
   */
  List<Link> links(LocalHandle handle) {
    Node node = nodes.get(handle.ino());
    if (node == null || node.generation != handle.generation()) {
      throw new BackendException(
          "stale local handle ("
              + handle
              + "): "
              + (node == null
                  ? "no object with this inode number exists"
                  : "the inode number now belongs to generation " + node.generation));
    }
    return List.copyOf(node.links);
  }

  /**
   * The entries leading from the root down to the directory {@code dirIno}, outermost first; empty
   * for the root.
   *
   * @throws BackendException when a directory on the way is unknown or not linked exactly once
   */
  List<Link> chainToDirectory(long dirIno) {
    List<Link> chain = new ArrayList<>();
    long ino = dirIno;
    while (ino != rootIno) {
      Node node = nodes.get(ino);
      if (node == null || node.links.size() != 1) {
        throw new BackendException(
            "inode table inconsistent: directory ino "
                + Long.toUnsignedString(ino)
                + (node == null ? " is unknown" : " has " + node.links.size() + " entries"));
      }
      Link link = node.links.iterator().next();
      chain.add(link);
      if (chain.size() > nodes.size()) {
        throw new BackendException(
            "inode table inconsistent: directory ino "
                + Long.toUnsignedString(dirIno)
                + " is in a cycle");
      }
      ino = link.parent();
    }
    Collections.reverse(chain);
    return chain;
  }

  /** The object an entry names, if known. */
  Optional<Long> owner(Link link) {
    return Optional.ofNullable(owners.get(link));
  }
}
