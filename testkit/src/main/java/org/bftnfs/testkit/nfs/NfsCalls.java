package org.bftnfs.testkit.nfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.LOOKUP3res;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * The NFSv3 calls (as root, AUTH_SYS 0/0) the tests make by hand, as {@link NfsCall}s built from
 * {@link NfsArgs}, and the parts of the replies they look at.
 */
public final class NfsCalls {

  /** The credentials of every call built here. */
  public static final Credentials ROOT = Credentials.unix(0, 0);

  private NfsCalls() {}

  /** NULL, with no credentials. */
  public static NfsCall nullCall() {
    return new NfsCall(Procedure.NULL.number(), Credentials.none(), new byte[0]);
  }

  /** {@code procedure} with {@code args} encoded, as root. */
  public static NfsCall call(Procedure procedure, XdrAble args) {
    return new NfsCall(procedure.number(), ROOT, XdrCodec.encode(args));
  }

  /**
   * CREATE of {@code name} in {@code dir}, mode 0644: GUARDED (fails if it exists) or UNCHECKED.
   */
  public static NfsCall create(byte[] dir, String name, boolean guarded) {
    return call(Procedure.CREATE, NfsArgs.create(dir, name, 0644, guarded));
  }

  /** MKDIR of {@code name} in {@code dir}, setting no attributes. */
  public static NfsCall mkdir(byte[] dir, String name) {
    return call(Procedure.MKDIR, NfsArgs.mkdir(dir, name, NfsArgs.noAttributes()));
  }

  /** REMOVE of {@code name} in {@code dir}. */
  public static NfsCall remove(byte[] dir, String name) {
    return call(Procedure.REMOVE, NfsArgs.remove(dir, name));
  }

  /** LOOKUP of {@code name} in {@code dir}. */
  public static NfsCall lookup(byte[] dir, String name) {
    return call(Procedure.LOOKUP, NfsArgs.lookup(dir, name));
  }

  /** WRITE (FILE_SYNC) of all of {@code data} at {@code offset}. */
  public static NfsCall write(byte[] file, long offset, byte[] data) {
    return call(Procedure.WRITE, NfsArgs.write(file, offset, data));
  }

  /** GETATTR of {@code object}. */
  public static NfsCall getattr(byte[] object) {
    return call(Procedure.GETATTR, NfsArgs.getattr(object));
  }

  /** SETATTR of the mode of {@code object}, unguarded. */
  public static NfsCall setMode(byte[] object, int mode) {
    return call(Procedure.SETATTR, NfsArgs.setMode(object, mode));
  }

  /** SETATTR of the size of {@code file} (truncating or extending it), unguarded. */
  public static NfsCall setSize(byte[] file, long size) {
    return call(Procedure.SETATTR, NfsArgs.setSize(file, size));
  }

  /** READ of up to {@code count} bytes at {@code offset}. */
  public static NfsCall read(byte[] file, long offset, int count) {
    return call(Procedure.READ, NfsArgs.read(file, offset, count));
  }

  /** READDIRPLUS from the start, asking for everything in one reply. */
  public static NfsCall readdirplus(byte[] dir) {
    return call(Procedure.READDIRPLUS, NfsArgs.readdirplus(dir, 1 << 20, 1 << 20));
  }

  /**
   * The NFS status of an accepted reply to {@code call} (every NFSv3 result starts with it), or -1
   * for NULL and for RPC-level outcomes (GARBAGE_ARGS, PROC_UNAVAIL).
   */
  public static int status(NfsCall call, NfsReply reply) {
    return call.procedure() == Procedure.NULL.number() ? -1 : status(reply);
  }

  /** The NFS status of an accepted reply to a procedure other than NULL, else -1. */
  public static int status(NfsReply reply) {
    if (reply.outcome() != NfsReply.Outcome.SUCCESS || reply.result().length < 4) {
      return -1;
    }
    return ByteBuffer.wrap(reply.result()).getInt();
  }

  /** The handle a successful CREATE returned. */
  public static byte[] createdHandle(NfsReply reply) throws MalformedXdrException {
    CREATE3res r = XdrCodec.decode(reply.result(), new CREATE3res());
    if (r.status != nfsstat3.NFS3_OK || !r.resok.obj.handle_follows) {
      throw new IllegalStateException("CREATE answered status " + r.status + " or no handle");
    }
    return r.resok.obj.handle.data;
  }

  /** The handle a successful LOOKUP returned. */
  public static byte[] lookedUpHandle(NfsReply reply) throws MalformedXdrException {
    LOOKUP3res r = XdrCodec.decode(reply.result(), new LOOKUP3res());
    if (r.status != nfsstat3.NFS3_OK) {
      throw new IllegalStateException("LOOKUP answered status " + r.status);
    }
    return r.resok.object.data;
  }

  /** The data of a successful READ. */
  public static byte[] readData(NfsReply reply) throws MalformedXdrException {
    READ3res r = XdrCodec.decode(reply.result(), new READ3res());
    if (r.status != nfsstat3.NFS3_OK) {
      throw new IllegalStateException("READ answered status " + r.status);
    }
    return r.resok.data;
  }

  /** The names a complete, successful READDIRPLUS listed, in order. */
  public static List<String> names(NfsReply reply) throws MalformedXdrException {
    READDIRPLUS3res r = XdrCodec.decode(reply.result(), new READDIRPLUS3res());
    if (r.status != nfsstat3.NFS3_OK || !r.resok.reply.eof) {
      throw new IllegalStateException(
          "READDIRPLUS answered status " + r.status + " (or not the whole directory)");
    }
    List<String> names = new ArrayList<>();
    for (entryplus3 e = r.resok.reply.entries; e != null; e = e.nextentry) {
      names.add(new String(e.name, StandardCharsets.UTF_8));
    }
    return names;
  }
}
