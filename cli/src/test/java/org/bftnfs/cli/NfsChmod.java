package org.bftnfs.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.nfs.LOOKUP3args;
import org.bftnfs.xdr.nfs.LOOKUP3res;
import org.bftnfs.xdr.nfs.SETATTR3args;
import org.bftnfs.xdr.nfs.SETATTR3res;
import org.bftnfs.xdr.nfs.diropargs3;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.sattr3;
import org.bftnfs.xdr.nfs.sattrguard3;
import org.bftnfs.xdr.nfs.set_atime;
import org.bftnfs.xdr.nfs.set_gid3;
import org.bftnfs.xdr.nfs.set_mode3;
import org.bftnfs.xdr.nfs.set_mtime;
import org.bftnfs.xdr.nfs.set_size3;
import org.bftnfs.xdr.nfs.set_uid3;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcReply;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * chmod over NFS (MNT, LOOKUP, SETATTR as root), for what libnfs-utils cannot do: it has no chmod,
 * and nfs-cp creates files with mode 0660. Uses oncrpc4j's CompletionHandler call variant; every
 * call is bounded.
 */
final class NfsChmod {

  private static final RpcAuth ROOT = new RpcAuthTypeUnix(0, 0, new int[0], 0, "it");

  private NfsChmod() {}

  /**
   * Sets the mode of {@code name} in the export's root directory.
   *
   * @return the NFS status of SETATTR (0 = NFS3_OK)
   */
  static int chmod(int port, String export, String name, int mode)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    try (OncRpcClient client =
        OncRpcClient.newBuilder()
            .withTCP()
            .withConnectTimeout(5, TimeUnit.SECONDS)
            .build(InetAddress.getLoopbackAddress(), port)) {
      RpcTransport transport = client.connect(5, TimeUnit.SECONDS);
      mntargs3 path = new mntargs3();
      path.dirpath = export.getBytes(StandardCharsets.UTF_8);
      mountres3 mnt = call(transport, mount3.MOUNT_PROGRAM, 1, path, new mountres3());
      nfs_fh3 root = new nfs_fh3();
      root.data = mnt.mountinfo.fhandle;

      LOOKUP3args lookup = new LOOKUP3args();
      lookup.what = new diropargs3();
      lookup.what.dir = root;
      lookup.what.name = name.getBytes(StandardCharsets.UTF_8);
      LOOKUP3res found = call(transport, nfs3.NFS_PROGRAM, 3, lookup, new LOOKUP3res());
      if (found.status != 0) {
        return found.status;
      }
      SETATTR3args setattr = new SETATTR3args();
      setattr.object = found.resok.object;
      setattr.new_attributes = modeOnly(mode);
      setattr.guard = new sattrguard3();
      return call(transport, nfs3.NFS_PROGRAM, 2, setattr, new SETATTR3res()).status;
    }
  }

  private static sattr3 modeOnly(int mode) {
    sattr3 s = new sattr3();
    s.mode = new set_mode3();
    s.mode.set_it = true;
    s.mode.mode = mode;
    s.uid = new set_uid3();
    s.gid = new set_gid3();
    s.size = new set_size3();
    s.atime = new set_atime();
    s.atime.atime = new nfstime3();
    s.mtime = new set_mtime();
    s.mtime.mtime = new nfstime3();
    return s;
  }

  private static <T extends XdrAble> T call(
      RpcTransport transport, int program, int procedure, XdrAble args, T result)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<RpcReply> reply = new CompletableFuture<>();
    new RpcCall(program, 3, ROOT, transport)
        .call(
            procedure,
            args,
            new CompletionHandler<RpcReply, RpcTransport>() {
              @Override
              public void completed(RpcReply r, RpcTransport attachment) {
                reply.complete(r);
              }

              @Override
              public void failed(Throwable exc, RpcTransport attachment) {
                reply.completeExceptionally(exc);
              }
            },
            10,
            TimeUnit.SECONDS,
            ROOT);
    reply.get(10, TimeUnit.SECONDS).getReplyResult(result);
    return result;
  }
}
