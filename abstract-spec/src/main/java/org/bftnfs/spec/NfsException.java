package org.bftnfs.spec;

import org.bftnfs.xdr.nfs.nfsstat3;

/**
 * An NFSv3 error outcome of a procedure of the abstract specification. There is one subclass per
 * {@code nfsstat3} value the specification returns; the procedure's failure result is built from it
 * in exactly one place ({@link AbstractSpec#execute}).
 *
 * <p>Procedures check everything before they change anything, so a thrown {@code NfsException}
 * always leaves the abstract state unchanged.
 */
public abstract class NfsException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  protected NfsException(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  /** The {@code nfsstat3} value. */
  public int status() {
    return status;
  }

  /** Not owner (e.g. chmod by another user, sticky directory). */
  public static final class Perm extends NfsException {
    private static final long serialVersionUID = 1L;

    public Perm(String detail) {
      super(nfsstat3.NFS3ERR_PERM, detail);
    }
  }

  /** No such file or directory. */
  public static final class NoEnt extends NfsException {
    private static final long serialVersionUID = 1L;

    public NoEnt(String detail) {
      super(nfsstat3.NFS3ERR_NOENT, detail);
    }
  }

  /** Permission denied by mode bits. */
  public static final class Acces extends NfsException {
    private static final long serialVersionUID = 1L;

    public Acces(String detail) {
      super(nfsstat3.NFS3ERR_ACCES, detail);
    }
  }

  /** The name exists. */
  public static final class Exist extends NfsException {
    private static final long serialVersionUID = 1L;

    public Exist(String detail) {
      super(nfsstat3.NFS3ERR_EXIST, detail);
    }
  }

  /** A directory was required. */
  public static final class NotDir extends NfsException {
    private static final long serialVersionUID = 1L;

    public NotDir(String detail) {
      super(nfsstat3.NFS3ERR_NOTDIR, detail);
    }
  }

  /** A non-directory was required. */
  public static final class IsDir extends NfsException {
    private static final long serialVersionUID = 1L;

    public IsDir(String detail) {
      super(nfsstat3.NFS3ERR_ISDIR, detail);
    }
  }

  /** Invalid argument. */
  public static final class Inval extends NfsException {
    private static final long serialVersionUID = 1L;

    public Inval(String detail) {
      super(nfsstat3.NFS3ERR_INVAL, detail);
    }
  }

  /** File would exceed the maximum file size. */
  public static final class FBig extends NfsException {
    private static final long serialVersionUID = 1L;

    public FBig(String detail) {
      super(nfsstat3.NFS3ERR_FBIG, detail);
    }
  }

  /** No free object entry or data space. */
  public static final class NoSpc extends NfsException {
    private static final long serialVersionUID = 1L;

    public NoSpc(String detail) {
      super(nfsstat3.NFS3ERR_NOSPC, detail);
    }
  }

  /** Too many hard links. */
  public static final class MLink extends NfsException {
    private static final long serialVersionUID = 1L;

    public MLink(String detail) {
      super(nfsstat3.NFS3ERR_MLINK, detail);
    }
  }

  /** Name or symbolic link target too long. */
  public static final class NameTooLong extends NfsException {
    private static final long serialVersionUID = 1L;

    public NameTooLong(String detail) {
      super(nfsstat3.NFS3ERR_NAMETOOLONG, detail);
    }
  }

  /** Directory not empty. */
  public static final class NotEmpty extends NfsException {
    private static final long serialVersionUID = 1L;

    public NotEmpty(String detail) {
      super(nfsstat3.NFS3ERR_NOTEMPTY, detail);
    }
  }

  /** The handle names an object that no longer exists. */
  public static final class Stale extends NfsException {
    private static final long serialVersionUID = 1L;

    public Stale(String detail) {
      super(nfsstat3.NFS3ERR_STALE, detail);
    }
  }

  /** The handle is not one this export hands out. */
  public static final class BadHandle extends NfsException {
    private static final long serialVersionUID = 1L;

    public BadHandle(String detail) {
      super(nfsstat3.NFS3ERR_BADHANDLE, detail);
    }
  }

  /** SETATTR guard: the object's ctime differs from the client's. */
  public static final class NotSync extends NfsException {
    private static final long serialVersionUID = 1L;

    public NotSync(String detail) {
      super(nfsstat3.NFS3ERR_NOT_SYNC, detail);
    }
  }

  /** READDIR cookie no longer valid. */
  public static final class BadCookie extends NfsException {
    private static final long serialVersionUID = 1L;

    public BadCookie(String detail) {
      super(nfsstat3.NFS3ERR_BAD_COOKIE, detail);
    }
  }

  /** Operation not supported by the specification (MKNOD). */
  public static final class NotSupp extends NfsException {
    private static final long serialVersionUID = 1L;

    public NotSupp(String detail) {
      super(nfsstat3.NFS3ERR_NOTSUPP, detail);
    }
  }

  /** READDIR reply buffer too small for one entry. */
  public static final class TooSmall extends NfsException {
    private static final long serialVersionUID = 1L;

    public TooSmall(String detail) {
      super(nfsstat3.NFS3ERR_TOOSMALL, detail);
    }
  }
}
