package org.bftnfs.backend.nfs;

import org.bftnfs.xdr.nfs.diropargs3;
import org.bftnfs.xdr.nfs.nfs_fh3;

/** Builders of the NFSv3 argument pieces every procedure uses. */
final class NfsArgs {

  private NfsArgs() {}

  /** An {@code nfs_fh3} holding {@code handle}. */
  static nfs_fh3 fh(byte[] handle) {
    nfs_fh3 fh = new nfs_fh3();
    fh.data = handle;
    return fh;
  }

  /** A {@code diropargs3}: {@code name} in {@code dir}. */
  static diropargs3 dirop(byte[] dir, byte[] name) {
    diropargs3 d = new diropargs3();
    d.dir = fh(dir);
    d.name = name;
    return d;
  }
}
