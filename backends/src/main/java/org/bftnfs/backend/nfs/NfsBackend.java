package org.bftnfs.backend.nfs;

import java.util.List;
import java.util.Optional;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.BackendException;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.FSINFO3args;
import org.bftnfs.xdr.nfs.FSINFO3res;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.GETATTR3res;
import org.bftnfs.xdr.nfs.LINK3args;
import org.bftnfs.xdr.nfs.LINK3res;
import org.bftnfs.xdr.nfs.LOOKUP3args;
import org.bftnfs.xdr.nfs.LOOKUP3res;
import org.bftnfs.xdr.nfs.MKDIR3args;
import org.bftnfs.xdr.nfs.MKDIR3res;
import org.bftnfs.xdr.nfs.READLINK3args;
import org.bftnfs.xdr.nfs.READLINK3res;
import org.bftnfs.xdr.nfs.REMOVE3args;
import org.bftnfs.xdr.nfs.REMOVE3res;
import org.bftnfs.xdr.nfs.RENAME3args;
import org.bftnfs.xdr.nfs.RENAME3res;
import org.bftnfs.xdr.nfs.RMDIR3args;
import org.bftnfs.xdr.nfs.RMDIR3res;
import org.bftnfs.xdr.nfs.SETATTR3args;
import org.bftnfs.xdr.nfs.SETATTR3res;
import org.bftnfs.xdr.nfs.SYMLINK3args;
import org.bftnfs.xdr.nfs.SYMLINK3res;
import org.bftnfs.xdr.nfs.createhow3;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.post_op_attr;
import org.bftnfs.xdr.nfs.post_op_fh3;
import org.bftnfs.xdr.nfs.sattrguard3;
import org.bftnfs.xdr.nfs.symlinkdata3;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Backend} that is an NFSv3 client of any NFSv3 server (RFC 1813) over TCP, as root
 * (AUTH_SYS uid 0, gid 0): MNT of the export at {@link #open}, FSINFO for the transfer sizes, then
 * one NFS procedure (or a few) per Backend method. READ and WRITE are split at the server's
 * rtmax/wtmax with several calls in flight ({@link DataTransfer}); WRITE is FILE_SYNC; readdir is a
 * READDIRPLUS loop with a READDIR + LOOKUP fallback ({@link DirectoryReader}); create is CREATE
 * GUARDED.
 *
 * <p>Every call is bounded by the endpoint's timeout. A timeout, a lost connection, an RPC error or
 * an nfsstat3 the method does not expect throws {@link BackendException} with a message naming the
 * server, the procedure and the status. After a lost connection the next call connects again, so a
 * backend survives a server restart (its handles stay valid if the server's do).
 *
 * <p>Methods are synchronized: one caller at a time, from any thread.
 */
public final class NfsBackend implements Backend {

  private static final Logger LOG = LoggerFactory.getLogger(NfsBackend.class);

  private final NfsEndpoint endpoint;
  private final MountClient mount;
  private final RpcConnection nfs;
  private final byte[] root;
  private final ServerLimits limits;
  private final DataTransfer data;
  private final DirectoryReader directories;
  private boolean closed;

  private NfsBackend(NfsEndpoint endpoint, MountClient mount, RpcConnection nfs, byte[] root) {
    this.endpoint = endpoint;
    this.mount = mount;
    this.nfs = nfs;
    this.root = root;
    this.limits = fsinfo(nfs, root);
    this.data = new DataTransfer(nfs, limits);
    this.directories = new DirectoryReader(nfs, limits, this::lookupUnsynchronized);
  }

  /**
   * Mounts the endpoint's export and asks the server for its transfer sizes.
   *
   * @throws BackendException when the server cannot be reached or refuses the mount
   */
  public static NfsBackend open(NfsEndpoint endpoint) {
    MountClient mount = new MountClient(endpoint);
    byte[] root = mount.mount();
    RpcConnection nfs =
        new RpcConnection(endpoint, "NFS", endpoint.nfsPort(), nfs3.NFS_PROGRAM, nfs3.NFS_V3);
    try {
      return new NfsBackend(endpoint, mount, nfs, root);
    } catch (RuntimeException e) {
      nfs.close();
      throw e;
    }
  }

  /** The endpoint this backend talks to. */
  public NfsEndpoint endpoint() {
    return endpoint;
  }

  /** The transfer sizes in use: the server's FSINFO rtmax/wtmax, at most 1 MiB. */
  public int readChunk() {
    return limits.readMax();
  }

  /** The WRITE size in use. */
  public int writeChunk() {
    return limits.writeMax();
  }

  /** True unless the server answered READDIRPLUS with NFS3ERR_NOTSUPP. */
  public synchronized boolean usesReaddirplus() {
    return directories.usesReaddirplus();
  }

  @Override
  public String describe() {
    return endpoint.where() + ", export " + endpoint.exportPath();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** {@inheritDoc} The server tells: FSINFO's {@code maxfilesize} of the export's root. */
  @Override
  public synchronized long maxFileSize(long wanted) {
    FSINFO3args args = new FSINFO3args();
    args.fsroot = NfsArgs.fh(root);
    FSINFO3res res = call(Procedure.FSINFO, args, new FSINFO3res());
    nfs.expectOk(Procedure.FSINFO.name(), res.status);
    long max = res.resok.maxfilesize; // unsigned: above 2^63 - 1 it reads negative
    return max < 0 || max >= wanted ? wanted : max;
  }

  @Override
  public synchronized Attributes getattr(byte[] handle) {
    return getattrUnsynchronized(handle);
  }

  private Attributes getattrUnsynchronized(byte[] handle) {
    GETATTR3args args = new GETATTR3args();
    args.object = NfsArgs.fh(handle);
    GETATTR3res res = call(Procedure.GETATTR, args, new GETATTR3res());
    nfs.expectOk(Procedure.GETATTR.name(), res.status);
    return NfsAttributes.of(res.resok.obj_attributes);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A change of owner clears the set-user-ID and set-group-ID bits (POSIX chown), and a server
   * may apply the mode of a SETATTR before its owner (nfs-ganesha does). So a change that sets both
   * an owner and a mode with those bits is sent as two SETATTRs: owner (and size) first, then mode.
   */
  @Override
  public synchronized void setattr(byte[] handle, SetAttributes change) {
    if (NfsAttributes.isEmpty(change)) {
      return;
    }
    boolean ownerAndPrivilegedMode =
        change.mode() != null
            && (change.mode() & 06000) != 0
            && (change.uid() != null || change.gid() != null);
    if (ownerAndPrivilegedMode) {
      sendSetattr(handle, new SetAttributes(null, change.uid(), change.gid(), change.size()));
      sendSetattr(handle, new SetAttributes(change.mode(), null, null, null));
    } else {
      sendSetattr(handle, change);
    }
  }

  private void sendSetattr(byte[] handle, SetAttributes change) {
    SETATTR3args args = new SETATTR3args();
    args.object = NfsArgs.fh(handle);
    args.new_attributes = NfsAttributes.of(change);
    args.guard = new sattrguard3();
    SETATTR3res res = call(Procedure.SETATTR, args, new SETATTR3res());
    nfs.expectOk(Procedure.SETATTR.name(), res.status);
  }

  @Override
  public synchronized Optional<Found> lookup(byte[] dir, byte[] name) {
    return lookupUnsynchronized(dir, name);
  }

  private Optional<Found> lookupUnsynchronized(byte[] dir, byte[] name) {
    LOOKUP3args args = new LOOKUP3args();
    args.what = NfsArgs.dirop(dir, name);
    LOOKUP3res res = call(Procedure.LOOKUP, args, new LOOKUP3res());
    if (res.status == nfsstat3.NFS3ERR_NOENT) {
      return Optional.empty();
    }
    nfs.expectOk(Procedure.LOOKUP.name(), res.status);
    byte[] handle = res.resok.object.data;
    return Optional.of(new Found(handle, attributes(res.resok.obj_attributes, handle)));
  }

  @Override
  public synchronized byte[] read(byte[] file, long offset, int count) {
    return data.read(file, offset, count);
  }

  @Override
  public synchronized void write(byte[] file, long offset, byte[] bytes) {
    data.write(file, offset, bytes);
  }

  @Override
  public synchronized Found create(byte[] dir, byte[] name, int mode) {
    CREATE3args args = new CREATE3args();
    args.where = NfsArgs.dirop(dir, name);
    args.how = new createhow3();
    args.how.mode = createmode3.GUARDED;
    args.how.obj_attributes = NfsAttributes.mode(mode);
    CREATE3res res = call(Procedure.CREATE, args, new CREATE3res());
    nfs.expectOk(Procedure.CREATE.name(), res.status);
    return created(Procedure.CREATE, dir, name, res.resok.obj, res.resok.obj_attributes);
  }

  @Override
  public synchronized Found mkdir(byte[] dir, byte[] name, int mode) {
    MKDIR3args args = new MKDIR3args();
    args.where = NfsArgs.dirop(dir, name);
    args.attributes = NfsAttributes.mode(mode);
    MKDIR3res res = call(Procedure.MKDIR, args, new MKDIR3res());
    nfs.expectOk(Procedure.MKDIR.name(), res.status);
    return created(Procedure.MKDIR, dir, name, res.resok.obj, res.resok.obj_attributes);
  }

  @Override
  public synchronized Found symlink(byte[] dir, byte[] name, byte[] target) {
    SYMLINK3args args = new SYMLINK3args();
    args.where = NfsArgs.dirop(dir, name);
    args.symlink = new symlinkdata3();
    args.symlink.symlink_attributes = NfsAttributes.none();
    args.symlink.symlink_data = target;
    SYMLINK3res res = call(Procedure.SYMLINK, args, new SYMLINK3res());
    nfs.expectOk(Procedure.SYMLINK.name(), res.status);
    return created(Procedure.SYMLINK, dir, name, res.resok.obj, res.resok.obj_attributes);
  }

  @Override
  public synchronized byte[] readlink(byte[] symlink) {
    READLINK3args args = new READLINK3args();
    args.symlink = NfsArgs.fh(symlink);
    READLINK3res res = call(Procedure.READLINK, args, new READLINK3res());
    nfs.expectOk(Procedure.READLINK.name(), res.status);
    return res.resok.data;
  }

  @Override
  public synchronized void remove(byte[] dir, byte[] name) {
    REMOVE3args args = new REMOVE3args();
    args.object = NfsArgs.dirop(dir, name);
    REMOVE3res res = call(Procedure.REMOVE, args, new REMOVE3res());
    nfs.expectOk(Procedure.REMOVE.name(), res.status);
  }

  @Override
  public synchronized void rmdir(byte[] dir, byte[] name) {
    RMDIR3args args = new RMDIR3args();
    args.object = NfsArgs.dirop(dir, name);
    RMDIR3res res = call(Procedure.RMDIR, args, new RMDIR3res());
    nfs.expectOk(Procedure.RMDIR.name(), res.status);
  }

  @Override
  public synchronized void rename(byte[] fromDir, byte[] fromName, byte[] toDir, byte[] toName) {
    RENAME3args args = new RENAME3args();
    args.from = NfsArgs.dirop(fromDir, fromName);
    args.to = NfsArgs.dirop(toDir, toName);
    RENAME3res res = call(Procedure.RENAME, args, new RENAME3res());
    nfs.expectOk(Procedure.RENAME.name(), res.status);
  }

  @Override
  public synchronized void link(byte[] file, byte[] dir, byte[] name) {
    LINK3args args = new LINK3args();
    args.file = NfsArgs.fh(file);
    args.link = NfsArgs.dirop(dir, name);
    LINK3res res = call(Procedure.LINK, args, new LINK3res());
    nfs.expectOk(Procedure.LINK.name(), res.status);
  }

  @Override
  public synchronized List<Entry> readdir(byte[] dir) {
    return directories.readAll(dir);
  }

  /**
   * Unmounts (UMNT) and closes the connection. A server that cannot be reached for the UMNT is
   * logged, not thrown: MOUNT's list of mounts is advisory (RFC 1813 §5.2.3).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      mount.unmount();
    } catch (BackendException e) {
      LOG.warn("UMNT at close failed (the server keeps a stale mount entry): {}", e.getMessage());
      LOG.debug("UMNT failure", e);
    } finally {
      nfs.close();
    }
  }

  private <T extends XdrAble> T call(Procedure procedure, XdrAble args, T result) {
    if (closed) {
      throw new BackendException(endpoint.where() + ": " + procedure + " after close");
    }
    return nfs.call(procedure.name(), procedure.number(), args, result);
  }

  private Found created(
      Procedure procedure, byte[] dir, byte[] name, post_op_fh3 obj, post_op_attr attributes) {
    if (!obj.handle_follows) {
      return lookupUnsynchronized(dir, name)
          .orElseThrow(() -> nfs.failure(procedure.name(), "created, but LOOKUP does not find it"));
    }
    byte[] handle = obj.handle.data;
    return new Found(handle, attributes(attributes, handle));
  }

  private Attributes attributes(post_op_attr attributes, byte[] handle) {
    return attributes.attributes_follow
        ? NfsAttributes.of(attributes.attributes)
        : getattrUnsynchronized(handle);
  }

  private static ServerLimits fsinfo(RpcConnection nfs, byte[] root) {
    FSINFO3args args = new FSINFO3args();
    args.fsroot = NfsArgs.fh(root);
    FSINFO3res res =
        nfs.call(Procedure.FSINFO.name(), Procedure.FSINFO.number(), args, new FSINFO3res());
    nfs.expectOk(Procedure.FSINFO.name(), res.status);
    return ServerLimits.of(res.resok);
  }
}
