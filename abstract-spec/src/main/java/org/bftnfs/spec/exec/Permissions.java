package org.bftnfs.spec.exec;

import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.ObjectType;

/**
 * Unix permission checks on abstract metadata (the specification's, never a backend's).
 *
 * <p>The class of the caller is chosen first: owner if the uid matches, else group if the object's
 * gid is among the caller's groups, else other; only that class's bits count. Root (uid 0 after
 * squashing) may read and write everything, and may execute (search) directories and any
 * non-directory with at least one execute bit set.
 */
public final class Permissions {

  public static final int READ = 4;
  public static final int WRITE = 2;
  public static final int EXECUTE = 1;

  private Permissions() {}

  /** True when {@code caller} has every bit of {@code want} ({@link #READ} etc.) on {@code o}. */
  public static boolean allows(Caller caller, AbstractObject o, int want) {
    int mode = o.meta().mode;
    if (caller.isRoot()) {
      boolean exec =
          (want & EXECUTE) == 0 || o.type() == ObjectType.DIRECTORY || (mode & 0111) != 0;
      return exec;
    }
    int bits;
    if (caller.uid() == o.meta().uid) {
      bits = (mode >> 6) & 7;
    } else if (caller.inGroup(o.meta().gid)) {
      bits = (mode >> 3) & 7;
    } else {
      bits = mode & 7;
    }
    return (bits & want) == want;
  }

  /** True when the caller owns {@code o} or is root. */
  public static boolean ownsOrRoot(Caller caller, AbstractObject o) {
    return caller.isRoot() || caller.uid() == o.meta().uid;
  }
}
