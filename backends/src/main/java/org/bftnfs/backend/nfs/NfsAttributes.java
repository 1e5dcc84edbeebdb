package org.bftnfs.backend.nfs;

import org.bftnfs.backend.Backend.Attributes;
import org.bftnfs.backend.Backend.Kind;
import org.bftnfs.backend.Backend.SetAttributes;
import org.bftnfs.xdr.nfs.fattr3;
import org.bftnfs.xdr.nfs.ftype3;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.set_atime;
import org.bftnfs.xdr.nfs.set_gid3;
import org.bftnfs.xdr.nfs.set_mode3;
import org.bftnfs.xdr.nfs.set_mtime;
import org.bftnfs.xdr.nfs.set_size3;
import org.bftnfs.xdr.nfs.set_uid3;
import org.bftnfs.xdr.nfs.time_how;

/** Conversions between NFSv3 attributes ({@code fattr3}, {@code sattr3}) and the Backend's. */
final class NfsAttributes {

  private NfsAttributes() {}

  /** The Backend's view of a server's {@code fattr3}: fsid and fileid exactly as reported. */
  static Attributes of(fattr3 a) {
    return new Attributes(
        kind(a.type), a.mode & 07777, a.nlink, a.uid, a.gid, a.size, a.fsid, a.fileid);
  }

  /** The Backend's kind of an {@code ftype3}; devices, sockets and FIFOs are {@link Kind#OTHER}. */
  static Kind kind(int ftype) {
    return switch (ftype) {
      case ftype3.NF3REG -> Kind.FILE;
      case ftype3.NF3DIR -> Kind.DIRECTORY;
      case ftype3.NF3LNK -> Kind.SYMLINK;
      default -> Kind.OTHER;
    };
  }

  /** An {@code sattr3} that sets exactly the present fields of {@code change}, and no time. */
  static sattr3 of(SetAttributes change) {
    sattr3 s = none();
    if (change.mode() != null) {
      s.mode.set_it = true;
      s.mode.mode = change.mode();
    }
    if (change.uid() != null) {
      s.uid.set_it = true;
      s.uid.uid = change.uid();
    }
    if (change.gid() != null) {
      s.gid.set_it = true;
      s.gid.gid = change.gid();
    }
    if (change.size() != null) {
      s.size.set_it = true;
      s.size.size = change.size();
    }
    return s;
  }

  /** An {@code sattr3} that sets only the mode. */
  static sattr3 mode(int mode) {
    sattr3 s = none();
    s.mode.set_it = true;
    s.mode.mode = mode;
    return s;
  }

  /** An {@code sattr3} that sets nothing. */
  static sattr3 none() {
    sattr3 s = new sattr3();
    s.mode = new set_mode3();
    s.uid = new set_uid3();
    s.gid = new set_gid3();
    s.size = new set_size3();
    s.atime = new set_atime();
    s.atime.set_it = time_how.DONT_CHANGE;
    s.mtime = new set_mtime();
    s.mtime.set_it = time_how.DONT_CHANGE;
    return s;
  }

  /** True when {@code change} sets nothing. */
  static boolean isEmpty(SetAttributes change) {
    return change.mode() == null
        && change.uid() == null
        && change.gid() == null
        && change.size() == null;
  }
}
