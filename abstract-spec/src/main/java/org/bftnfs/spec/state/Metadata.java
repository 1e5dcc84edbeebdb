package org.bftnfs.spec.state;

/**
 * The abstract metadata of a non-free object: the parts of {@code fattr3} that are state (type,
 * size, fsid, fileid, used and rdev are derived). Mutable; owned by one object.
 */
public final class Metadata {

  /** Permission and mode bits, {@code 07777} at most. */
  public int mode;

  /** Number of directory entries naming this object (files, symlinks); 2 + subdirectories. */
  public int nlink;

  public int uid;
  public int gid;
  public NfsTime atime;
  public NfsTime mtime;
  public NfsTime ctime;

  public Metadata(int mode, int nlink, int uid, int gid, NfsTime time) {
    this.mode = mode;
    this.nlink = nlink;
    this.uid = uid;
    this.gid = gid;
    this.atime = time;
    this.mtime = time;
    this.ctime = time;
  }

  public Metadata copy() {
    Metadata m = new Metadata(mode, nlink, uid, gid, atime);
    m.mtime = mtime;
    m.ctime = ctime;
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m
        && m.mode == mode
        && m.nlink == nlink
        && m.uid == uid
        && m.gid == gid
        && m.atime.equals(atime)
        && m.mtime.equals(mtime)
        && m.ctime.equals(ctime);
  }

  @Override
  public int hashCode() {
    return ((mode * 31 + nlink) * 31 + uid) * 31 + gid;
  }
}
