package org.bftnfs.backend.nfs;

import java.nio.charset.StandardCharsets;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.mount.mountstat3;
import org.dcache.oncrpc4j.rpc.RpcAuthType;
import org.dcache.oncrpc4j.xdr.XdrVoid;

/**
 * MOUNT version 3 (RFC 1813 appendix I) against one endpoint: MNT for the root handle, UMNT when
 * done. Each call opens its own short-lived connection, since nothing else needs the MOUNT port.
 */
final class MountClient {

  private final NfsEndpoint endpoint;

  MountClient(NfsEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** MNT of the endpoint's export path: the export's root handle. */
  byte[] mount() {
    try (RpcConnection mount = connection()) {
      mountres3 res = mount.call("MNT", mount3.MOUNTPROC3_MNT, path(), new mountres3());
      if (res.fhs_status != mountstat3.MNT3_OK) {
        throw mount.failure(
            "MNT", NfsStatus.mountName(res.fhs_status) + " for " + endpoint.exportPath());
      }
      int[] flavors = res.mountinfo.auth_flavors;
      if (flavors.length > 0 && !contains(flavors, RpcAuthType.UNIX)) {
        throw mount.failure(
            "MNT", "the export " + endpoint.exportPath() + " does not accept AUTH_SYS");
      }
      return res.mountinfo.fhandle;
    }
  }

  /** UMNT of the endpoint's export path. */
  void unmount() {
    try (RpcConnection mount = connection()) {
      mount.call("UMNT", mount3.MOUNTPROC3_UMNT, path(), XdrVoid.XDR_VOID);
    }
  }

  private RpcConnection connection() {
    return new RpcConnection(
        endpoint, "MOUNT", endpoint.mountPort(), mount3.MOUNT_PROGRAM, mount3.MOUNT_V3);
  }

  private mntargs3 path() {
    mntargs3 args = new mntargs3();
    args.dirpath = endpoint.exportPath().getBytes(StandardCharsets.UTF_8);
    return args;
  }

  private static boolean contains(int[] values, int wanted) {
    for (int v : values) {
      if (v == wanted) {
        return true;
      }
    }
    return false;
  }
}
