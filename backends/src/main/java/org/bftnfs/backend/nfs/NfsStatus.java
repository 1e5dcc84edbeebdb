package org.bftnfs.backend.nfs;

import org.bftnfs.xdr.mount.mountstat3;
import org.bftnfs.xdr.nfs.nfsstat3;

/** The names of NFSv3 and MOUNTv3 status codes (RFC 1813), for messages. */
final class NfsStatus {

  private NfsStatus() {}

  /** The RFC 1813 name of an {@code nfsstat3}, e.g. "NFS3ERR_IO". */
  static String name(int status) {
    return switch (status) {
      case nfsstat3.NFS3_OK -> "NFS3_OK";
      case nfsstat3.NFS3ERR_PERM -> "NFS3ERR_PERM";
      case nfsstat3.NFS3ERR_NOENT -> "NFS3ERR_NOENT";
      case nfsstat3.NFS3ERR_IO -> "NFS3ERR_IO";
      case nfsstat3.NFS3ERR_NXIO -> "NFS3ERR_NXIO";
      case nfsstat3.NFS3ERR_ACCES -> "NFS3ERR_ACCES";
      case nfsstat3.NFS3ERR_EXIST -> "NFS3ERR_EXIST";
      case nfsstat3.NFS3ERR_XDEV -> "NFS3ERR_XDEV";
      case nfsstat3.NFS3ERR_NODEV -> "NFS3ERR_NODEV";
      case nfsstat3.NFS3ERR_NOTDIR -> "NFS3ERR_NOTDIR";
      case nfsstat3.NFS3ERR_ISDIR -> "NFS3ERR_ISDIR";
      case nfsstat3.NFS3ERR_INVAL -> "NFS3ERR_INVAL";
      case nfsstat3.NFS3ERR_FBIG -> "NFS3ERR_FBIG";
      case nfsstat3.NFS3ERR_NOSPC -> "NFS3ERR_NOSPC";
      case nfsstat3.NFS3ERR_ROFS -> "NFS3ERR_ROFS";
      case nfsstat3.NFS3ERR_MLINK -> "NFS3ERR_MLINK";
      case nfsstat3.NFS3ERR_NAMETOOLONG -> "NFS3ERR_NAMETOOLONG";
      case nfsstat3.NFS3ERR_NOTEMPTY -> "NFS3ERR_NOTEMPTY";
      case nfsstat3.NFS3ERR_DQUOT -> "NFS3ERR_DQUOT";
      case nfsstat3.NFS3ERR_STALE -> "NFS3ERR_STALE";
      case nfsstat3.NFS3ERR_REMOTE -> "NFS3ERR_REMOTE";
      case nfsstat3.NFS3ERR_BADHANDLE -> "NFS3ERR_BADHANDLE";
      case nfsstat3.NFS3ERR_NOT_SYNC -> "NFS3ERR_NOT_SYNC";
      case nfsstat3.NFS3ERR_BAD_COOKIE -> "NFS3ERR_BAD_COOKIE";
      case nfsstat3.NFS3ERR_NOTSUPP -> "NFS3ERR_NOTSUPP";
      case nfsstat3.NFS3ERR_TOOSMALL -> "NFS3ERR_TOOSMALL";
      case nfsstat3.NFS3ERR_SERVERFAULT -> "NFS3ERR_SERVERFAULT";
      case nfsstat3.NFS3ERR_BADTYPE -> "NFS3ERR_BADTYPE";
      case nfsstat3.NFS3ERR_JUKEBOX -> "NFS3ERR_JUKEBOX";
      default -> "unknown nfsstat3 " + status;
    };
  }

  /** The RFC 1813 name of a {@code mountstat3}, e.g. "MNT3ERR_ACCES". */
  static String mountName(int status) {
    return switch (status) {
      case mountstat3.MNT3_OK -> "MNT3_OK";
      case mountstat3.MNT3ERR_PERM -> "MNT3ERR_PERM";
      case mountstat3.MNT3ERR_NOENT -> "MNT3ERR_NOENT";
      case mountstat3.MNT3ERR_IO -> "MNT3ERR_IO";
      case mountstat3.MNT3ERR_ACCES -> "MNT3ERR_ACCES";
      case mountstat3.MNT3ERR_NOTDIR -> "MNT3ERR_NOTDIR";
      case mountstat3.MNT3ERR_INVAL -> "MNT3ERR_INVAL";
      case mountstat3.MNT3ERR_NAMETOOLONG -> "MNT3ERR_NAMETOOLONG";
      case mountstat3.MNT3ERR_NOTSUPP -> "MNT3ERR_NOTSUPP";
      case mountstat3.MNT3ERR_SERVERFAULT -> "MNT3ERR_SERVERFAULT";
      default -> "unknown mountstat3 " + status;
    };
  }
}
