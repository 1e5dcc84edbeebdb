package org.bftnfs.backend.local;

import java.util.Arrays;

/**
 * One directory entry as the inode table knows it: the entry {@code name} in the directory with
 * inode number {@code parent}. Equal by value (the name's bytes, not the array's identity).
 *
 * @param parent the inode number of the directory holding the entry
 * @param name the entry's raw name bytes (never modified)
 */
record Link(long parent, byte[] name) {

  Link {
    name = name.clone();
  }

  @Override
  public byte[] name() {
    return name.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Link l && l.parent == parent && Arrays.equals(l.name, name);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(parent) * 31 + Arrays.hashCode(name);
  }

  @Override
  public String toString() {
    return RawPaths.printable(name) + " in ino " + Long.toUnsignedString(parent);
  }
}
