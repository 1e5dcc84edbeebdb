package org.bftnfs.spec.exec;

import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.NfsTime;
import org.bftnfs.spec.state.ObjectType;
import org.bftnfs.xdr.nfs.fattr3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.post_op_attr;
import org.bftnfs.xdr.nfs.post_op_fh3;
import org.bftnfs.xdr.nfs.pre_op_attr;
import org.bftnfs.xdr.nfs.specdata3;
import org.bftnfs.xdr.nfs.wcc_attr;
import org.bftnfs.xdr.nfs.wcc_data;

/**
 * Everything one execution of a procedure sees: the abstract state, the configuration, the caller
 * and the agreed time — and nothing else. Holds the shared steps of the procedures (handle
 * resolution, name validation, attribute construction) so that every procedure applies them in the
 * same order.
 */
public final class Execution {

  /** Largest link count of any object (PATHCONF {@code linkmax}). */
  public static final int LINK_MAX = 32000;

  private static final byte SLASH = '/';

  private final AbstractState state;
  private final SpecConfig config;
  private final FileHandles handles;
  private final Caller caller;
  private final NfsTime now;

  public Execution(
      AbstractState state, SpecConfig config, FileHandles handles, Caller caller, NfsTime now) {
    this.state = state;
    this.config = config;
    this.handles = handles;
    this.caller = caller;
    this.now = now;
  }

  public AbstractState state() {
    return state;
  }

  public SpecConfig config() {
    return config;
  }

  public Caller caller() {
    return caller;
  }

  /** The agreed time of this execution. */
  public NfsTime now() {
    return now;
  }

  // ---- handles -----------------------------------------------------------------------------

  /**
   * The oid a handle names.
   *
   * @throws NfsException.BadHandle when the handle is not one this export hands out
   * @throws NfsException.Stale when the object no longer exists
   */
  public Oid resolve(nfs_fh3 fh) throws NfsException {
    Oid oid = handles.decode(fh == null ? null : fh.data, state.capacity());
    if (oid == null) {
      throw new NfsException.BadHandle("malformed file handle");
    }
    if (state.get(oid) == null) {
      throw new NfsException.Stale("object " + oid + " no longer exists");
    }
    return oid;
  }

  /** The oid of a handle when it names a live object, else {@code null} (failure replies). */
  public Oid resolveOrNull(nfs_fh3 fh) {
    Oid oid = handles.decode(fh == null ? null : fh.data, state.capacity());
    return oid != null && state.get(oid) != null ? oid : null;
  }

  public AbstractObject object(Oid oid) {
    return state.get(oid);
  }

  /** The directory {@code oid} names; {@code NOTDIR} when it is not one. */
  public DirectoryObject directory(Oid oid) throws NfsException {
    if (state.get(oid) instanceof DirectoryObject d) {
      return d;
    }
    throw new NfsException.NotDir("object " + oid + " is not a directory");
  }

  public nfs_fh3 handle(Oid oid) {
    nfs_fh3 fh = new nfs_fh3();
    fh.data = handles.encode(oid);
    return fh;
  }

  public post_op_fh3 postOpHandle(Oid oid) {
    post_op_fh3 p = new post_op_fh3();
    p.handle_follows = true;
    p.handle = handle(oid);
    return p;
  }

  // ---- names -------------------------------------------------------------------------------

  /**
   * Validates a name component: longer than {@code maxNameLength} is {@code NAMETOOLONG}; empty or
   * containing '/' or NUL is {@code INVAL}. "." and ".." pass; each procedure decides what they
   * mean for it.
   */
  public Name name(byte[] raw) throws NfsException {
    if (raw.length > config.maxNameLength()) {
      throw new NfsException.NameTooLong(
          "name of " + raw.length + " bytes exceeds " + config.maxNameLength());
    }
    if (raw.length == 0) {
      throw new NfsException.Inval("empty name");
    }
    for (byte b : raw) {
      if (b == SLASH || b == 0) {
        throw new NfsException.Inval("name contains '/' or NUL");
      }
    }
    return Name.of(raw);
  }

  public static boolean isDot(Name n) {
    return n.length() == 1 && n.bytes()[0] == '.';
  }

  public static boolean isDotDot(Name n) {
    byte[] b = n.bytes();
    return b.length == 2 && b[0] == '.' && b[1] == '.';
  }

  public static boolean isDotOrDotDot(Name n) {
    return isDot(n) || isDotDot(n);
  }

  // ---- permissions -------------------------------------------------------------------------

  /** {@code ACCES} unless the caller has {@code want} on {@code o}. */
  public void require(AbstractObject o, int want, String what) throws NfsException {
    if (!Permissions.allows(caller, o, want)) {
      throw new NfsException.Acces("permission denied: " + what);
    }
  }

  /** Write and search permission on a directory whose entries change. */
  public void requireModifiable(DirectoryObject dir) throws NfsException {
    require(dir, Permissions.WRITE | Permissions.EXECUTE, "modify directory");
  }

  /**
   * The sticky-directory rule: in a directory with mode bit 01000 only root, the directory's owner
   * and the entry's owner may remove or rename the entry ({@code PERM} otherwise).
   */
  public void requireStickyAllows(DirectoryObject dir, AbstractObject entry) throws NfsException {
    if ((dir.meta().mode & 01000) != 0
        && !caller.isRoot()
        && caller.uid() != dir.meta().uid
        && caller.uid() != entry.meta().uid) {
      throw new NfsException.Perm("sticky directory: not owner");
    }
  }

  // ---- attributes --------------------------------------------------------------------------

  /** The abstract {@code fattr3} of a live object. */
  public fattr3 attributes(Oid oid) {
    AbstractObject o = state.get(oid);
    fattr3 a = new fattr3();
    a.type = o.type().code();
    a.mode = o.meta().mode;
    a.nlink = o.meta().nlink;
    a.uid = o.meta().uid;
    a.gid = o.meta().gid;
    a.size = o.size();
    a.used = o.type() == ObjectType.FILE ? o.size() : 0;
    a.rdev = new specdata3();
    a.fsid = config.fsid();
    a.fileid = oid.fileid();
    a.atime = time(o.meta().atime);
    a.mtime = time(o.meta().mtime);
    a.ctime = time(o.meta().ctime);
    return a;
  }

  /** Attributes of {@code oid} when it is live, else "no attributes". */
  public post_op_attr postOp(Oid oid) {
    post_op_attr p = new post_op_attr();
    p.attributes_follow = oid != null && state.get(oid) != null;
    if (p.attributes_follow) {
      p.attributes = attributes(oid);
    }
    return p;
  }

  /** The weak-cache-consistency "before" attributes of a live object, taken now. */
  public pre_op_attr preOp(Oid oid) {
    AbstractObject o = state.get(oid);
    pre_op_attr p = new pre_op_attr();
    p.attributes_follow = true;
    p.attributes = new wcc_attr();
    p.attributes.size = o.size();
    p.attributes.mtime = time(o.meta().mtime);
    p.attributes.ctime = time(o.meta().ctime);
    return p;
  }

  public static pre_op_attr noPreOp() {
    pre_op_attr p = new pre_op_attr();
    p.attributes_follow = false;
    return p;
  }

  /** {@code wcc_data} with {@code before} and the current attributes of {@code oid}. */
  public wcc_data wcc(pre_op_attr before, Oid oid) {
    wcc_data w = new wcc_data();
    w.before = before;
    w.after = postOp(oid);
    return w;
  }

  /** The {@code wcc_data} of a failed procedure: no "before", current attributes if any. */
  public wcc_data failureWcc(Oid oid) {
    return wcc(noPreOp(), oid);
  }

  public static nfstime3 time(NfsTime t) {
    nfstime3 x = new nfstime3();
    x.seconds = t.seconds();
    x.nseconds = t.nanos();
    return x;
  }

  public static NfsTime time(nfstime3 t) {
    return new NfsTime(t.seconds, t.nseconds);
  }

  /** Marks a directory's contents as changed at the agreed time (after {@code modify}). */
  public void touchDirectory(Oid dir) {
    AbstractObject d = state.get(dir);
    d.meta().mtime = now;
    d.meta().ctime = now;
  }
}
