package org.bftnfs.spec.exec;

import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.NfsTime;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.time_how;

/**
 * The rules for {@code sattr3} (RFC 1813 §2.5, §3.3.2), shared by SETATTR and the procedures that
 * create objects with initial attributes.
 *
 * <p>Ownership rules, checked in this order (each failure {@code NFS3ERR_PERM}): setting the mode
 * needs owner or root; setting the uid needs root, or the owner giving its own uid (a no-op);
 * setting the gid needs root, or the owner giving the current gid or a group it belongs to; setting
 * a time to a client-supplied value needs owner or root. Setting a time to the server's time needs
 * owner, root, or write permission ({@code NFS3ERR_ACCES}). A client time with {@code nseconds >=
 * 10^9} is {@code NFS3ERR_INVAL}.
 */
public final class AttributeChange {

  private AttributeChange() {}

  /** GARBAGE_ARGS for {@code time_how} values outside the enumeration. */
  public static void validate(sattr3 s) throws MalformedXdrException {
    validateHow(s.atime.set_it);
    validateHow(s.mtime.set_it);
  }

  private static void validateHow(int how) throws MalformedXdrException {
    if (how < time_how.DONT_CHANGE || how > time_how.SET_TO_CLIENT_TIME) {
      throw new MalformedXdrException("time_how " + how + " is not defined");
    }
  }

  /** {@code INVAL} for client times that are not valid {@code nfstime3} values. */
  public static void checkTimes(sattr3 s) throws NfsException {
    checkTime(s.atime.set_it, s.atime.atime);
    checkTime(s.mtime.set_it, s.mtime.mtime);
  }

  private static void checkTime(int how, nfstime3 t) throws NfsException {
    if (how == time_how.SET_TO_CLIENT_TIME
        && Integer.compareUnsigned(t.nseconds, 999_999_999) > 0) {
      throw new NfsException.Inval("nseconds out of range");
    }
  }

  /**
   * Checks the ownership rules of {@code s} against existing object {@code o} (PERM, then ACCES for
   * server-time updates). Size is not checked here.
   */
  public static void checkAllowed(Execution x, AbstractObject o, sattr3 s) throws NfsException {
    Caller c = x.caller();
    boolean owner = Permissions.ownsOrRoot(c, o);
    if (s.mode.set_it && !owner) {
      throw new NfsException.Perm("only the owner may change the mode");
    }
    boolean ownsIt = c.uid() == o.meta().uid;
    if (s.uid.set_it && !c.isRoot() && !(ownsIt && s.uid.uid == o.meta().uid)) {
      throw new NfsException.Perm("only root may change the owner");
    }
    if (s.gid.set_it
        && !c.isRoot()
        && !(ownsIt && (s.gid.gid == o.meta().gid || c.inGroup(s.gid.gid)))) {
      throw new NfsException.Perm("not allowed to change the group");
    }
    boolean clientTime =
        s.atime.set_it == time_how.SET_TO_CLIENT_TIME
            || s.mtime.set_it == time_how.SET_TO_CLIENT_TIME;
    if (clientTime && !owner) {
      throw new NfsException.Perm("only the owner may set times");
    }
    boolean serverTime =
        s.atime.set_it == time_how.SET_TO_SERVER_TIME
            || s.mtime.set_it == time_how.SET_TO_SERVER_TIME;
    if (serverTime && !owner && !Permissions.allows(c, o, Permissions.WRITE)) {
      throw new NfsException.Acces("no write permission to touch");
    }
  }

  /** True when {@code s} sets anything other than the size. */
  public static boolean setsMetadata(sattr3 s) {
    return s.mode.set_it
        || s.uid.set_it
        || s.gid.set_it
        || s.atime.set_it != time_how.DONT_CHANGE
        || s.mtime.set_it != time_how.DONT_CHANGE;
  }

  /** Applies mode, owner, group and times of {@code s} to {@code o} (size is not applied). */
  public static void apply(Execution x, AbstractObject o, sattr3 s) {
    if (s.mode.set_it) {
      o.meta().mode = s.mode.mode & 07777;
    }
    if (s.uid.set_it) {
      o.meta().uid = s.uid.uid;
    }
    if (s.gid.set_it) {
      o.meta().gid = s.gid.gid;
    }
    o.meta().atime = newTime(x, s.atime.set_it, s.atime.atime, o.meta().atime);
    o.meta().mtime = newTime(x, s.mtime.set_it, s.mtime.mtime, o.meta().mtime);
  }

  private static NfsTime newTime(Execution x, int how, nfstime3 client, NfsTime current) {
    return switch (how) {
      case time_how.SET_TO_SERVER_TIME -> x.now();
      case time_how.SET_TO_CLIENT_TIME -> Execution.time(client);
      default -> current;
    };
  }
}
