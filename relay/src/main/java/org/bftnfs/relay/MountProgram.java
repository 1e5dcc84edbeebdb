package org.bftnfs.relay;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.mount.exportnode;
import org.bftnfs.xdr.mount.exports3;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountbody;
import org.bftnfs.xdr.mount.mountlist3;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.mount.mountres3_ok;
import org.bftnfs.xdr.mount.mountstat3;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.xdr.XdrVoid;

/**
 * MOUNT version 3 (program 100005, RFC 1813 appendix I), answered by the relay itself: the mount
 * list is per relay, not replicated state.
 *
 * <ul>
 *   <li>MNT of the export path or of {@code /} returns the root file handle and the flavors
 *       [AUTH_SYS, AUTH_NONE]; any other path {@code MNT3ERR_NOENT};
 *   <li>DUMP lists the current mounts (host = client address); UMNT and UMNTALL maintain them;
 *   <li>EXPORT lists the single export, with no groups;
 *   <li>undecodable arguments get GARBAGE_ARGS, other procedure numbers PROC_UNAVAIL.
 * </ul>
 */
final class MountProgram {

  /** The longest encoding of {@code mntargs3}: a length word and {@code MNTPATHLEN} bytes. */
  private static final int MAX_MNTARGS = 4 + ((mount3.MNTPATHLEN + 3) & ~3);

  private final String exportPath;
  private final byte[] rootHandle;
  private final MountTable mounts;

  /**
   * @param exportPath the exported path, normalised (see {@link RelayConfig})
   * @param rootHandle the root directory's file handle
   * @param mounts the mount list this program maintains
   */
  MountProgram(String exportPath, byte[] rootHandle, MountTable mounts) {
    this.exportPath = exportPath;
    this.rootHandle = rootHandle.clone();
    this.mounts = mounts;
  }

  /**
   * Handles one call on a worker thread.
   *
   * @param call the call, answered exactly once before this returns
   * @param arguments a copy of the call's argument bytes
   */
  void handle(RpcCall call, byte[] arguments) {
    try {
      switch (call.getProcedure()) {
        case mount3.MOUNTPROC3_NULL -> {
          requireEmpty(arguments);
          call.reply(XdrVoid.XDR_VOID);
        }
        case mount3.MOUNTPROC3_MNT -> call.reply(mount(host(call), path(arguments)));
        case mount3.MOUNTPROC3_DUMP -> {
          requireEmpty(arguments);
          call.reply(dump());
        }
        case mount3.MOUNTPROC3_UMNT -> {
          mounts.remove(host(call), path(arguments));
          call.reply(XdrVoid.XDR_VOID);
        }
        case mount3.MOUNTPROC3_UMNTALL -> {
          requireEmpty(arguments);
          mounts.removeAll(host(call));
          call.reply(XdrVoid.XDR_VOID);
        }
        case mount3.MOUNTPROC3_EXPORT -> {
          requireEmpty(arguments);
          call.reply(exports());
        }
        default -> call.failProcedureUnavailable();
      }
    } catch (MalformedXdrException e) {
      call.failRpcGarbage();
    }
  }

  private mountres3 mount(String host, String path) {
    mountres3 res = new mountres3();
    if (!exported(path)) {
      res.fhs_status = mountstat3.MNT3ERR_NOENT;
      return res;
    }
    mounts.add(host, path);
    res.fhs_status = mountstat3.MNT3_OK;
    res.mountinfo = new mountres3_ok();
    res.mountinfo.fhandle = rootHandle.clone();
    res.mountinfo.auth_flavors = new int[] {Credentials.AUTH_SYS, Credentials.AUTH_NONE};
    return res;
  }

  private boolean exported(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals(exportPath) || p.equals("/");
  }

  private mountlist3 dump() {
    mountlist3 list = new mountlist3();
    List<MountTable.Entry> entries = mounts.snapshot();
    for (int i = entries.size() - 1; i >= 0; i--) {
      mountbody body = new mountbody();
      body.ml_hostname = entries.get(i).host().getBytes(StandardCharsets.UTF_8);
      body.ml_directory = entries.get(i).directory().getBytes(StandardCharsets.UTF_8);
      body.ml_next = list.entries;
      list.entries = body;
    }
    return list;
  }

  private exports3 exports() {
    exportnode node = new exportnode();
    node.ex_dir = exportPath.getBytes(StandardCharsets.UTF_8);
    exports3 list = new exports3();
    list.entries = node;
    return list;
  }

  private static String path(byte[] arguments) throws MalformedXdrException {
    return new String(dirpath(arguments), StandardCharsets.UTF_8);
  }

  /**
   * The directory path of MNT and UMNT arguments ({@code mntargs3}), decoded strictly ({@link
   * XdrCodec#decode}) and at most {@code MNTPATHLEN} bytes long. The bound is checked before the
   * path is decoded, so a longer one costs no allocation of its size.
   *
   * @throws MalformedXdrException when the arguments are not the canonical encoding of a {@code
   *     dirpath<MNTPATHLEN>}
   */
  static byte[] dirpath(byte[] arguments) throws MalformedXdrException {
    if (arguments.length > MAX_MNTARGS) {
      throw new MalformedXdrException("mntargs3 longer than a dirpath of MNTPATHLEN bytes");
    }
    mntargs3 args = XdrCodec.decode(arguments, new mntargs3());
    if (args.dirpath.length > mount3.MNTPATHLEN) {
      throw new MalformedXdrException("dirpath longer than MNTPATHLEN");
    }
    return args.dirpath;
  }

  private static void requireEmpty(byte[] arguments) throws MalformedXdrException {
    if (arguments.length != 0) {
      throw new MalformedXdrException("procedure takes no arguments");
    }
  }

  private static String host(RpcCall call) {
    InetSocketAddress peer = call.getTransport().getRemoteSocketAddress();
    return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
  }
}
