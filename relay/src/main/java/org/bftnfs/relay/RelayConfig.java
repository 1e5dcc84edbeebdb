package org.bftnfs.relay;

/**
 * How a {@link Relay} listens and what it exports.
 *
 * @param bindAddress the address the NFS and MOUNT listeners bind to (default {@code 127.0.0.1})
 * @param nfsPort TCP port of the NFSv3 program; {@code 0} picks a free port
 * @param mountPort TCP port of the MOUNTv3 program; {@link #SHARED_PORT} serves MOUNT on the NFS
 *     port, {@code 0} picks a separate free port
 * @param exportPath the path clients mount, e.g. {@code /bftnfs}; MNT of this path or of {@code /}
 *     returns the root handle
 * @param maxRecordSize largest RPC record (sum of its fragments, record marks included) the relay
 *     accepts; a connection that announces a larger one is closed before it is buffered
 * @param registerWithRpcbind register both programs with a running rpcbind on this host
 * @param selectorThreads number of network (selector) threads; they never run service code
 * @param limits connections, buffered bytes and timeouts per client ({@link ConnectionLimits})
 */
public record RelayConfig(
    String bindAddress,
    int nfsPort,
    int mountPort,
    String exportPath,
    int maxRecordSize,
    boolean registerWithRpcbind,
    int selectorThreads,
    ConnectionLimits limits) {

  /** {@link #mountPort} value meaning "MOUNT shares the NFS port". */
  public static final int SHARED_PORT = -1;

  /** Default record limit: a 1 MiB WRITE or READ payload plus 64 KiB for headers. */
  public static final int DEFAULT_MAX_RECORD_SIZE = (1 << 20) + (64 << 10);

  /** Smallest record limit accepted: enough for any NFSv3 call without bulk data. */
  public static final int MIN_RECORD_SIZE = 8 << 10;

  /** Default export path. */
  public static final String DEFAULT_EXPORT = "/bftnfs";

  /** Validates and normalises (trailing slashes of the export path are dropped). */
  public RelayConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("bind address missing");
    }
    if (nfsPort < 0 || nfsPort > 65535) {
      throw new IllegalArgumentException("NFS port out of range: " + nfsPort);
    }
    if (mountPort < SHARED_PORT || mountPort > 65535) {
      throw new IllegalArgumentException("mount port out of range: " + mountPort);
    }
    exportPath = normaliseExport(exportPath);
    if (maxRecordSize < MIN_RECORD_SIZE) {
      throw new IllegalArgumentException(
          "record limit below " + MIN_RECORD_SIZE + " bytes: " + maxRecordSize);
    }
    if (selectorThreads < 1) {
      throw new IllegalArgumentException("need at least one selector thread");
    }
    if (limits == null) {
      throw new IllegalArgumentException("connection limits missing");
    }
  }

  /** A configuration with the default {@link ConnectionLimits}. */
  public RelayConfig(
      String bindAddress,
      int nfsPort,
      int mountPort,
      String exportPath,
      int maxRecordSize,
      boolean registerWithRpcbind,
      int selectorThreads) {
    this(
        bindAddress,
        nfsPort,
        mountPort,
        exportPath,
        maxRecordSize,
        registerWithRpcbind,
        selectorThreads,
        ConnectionLimits.defaults());
  }

  /** This configuration with other connection limits. */
  public RelayConfig withLimits(ConnectionLimits newLimits) {
    return new RelayConfig(
        bindAddress,
        nfsPort,
        mountPort,
        exportPath,
        maxRecordSize,
        registerWithRpcbind,
        selectorThreads,
        newLimits);
  }

  /** Loopback, a free port shared by NFS and MOUNT, export {@code /bftnfs}, no rpcbind. */
  public static RelayConfig defaults() {
    return new RelayConfig(
        "127.0.0.1", 0, SHARED_PORT, DEFAULT_EXPORT, DEFAULT_MAX_RECORD_SIZE, false, 2);
  }

  /** This configuration with another bind address. */
  public RelayConfig withBindAddress(String address) {
    return new RelayConfig(
        address,
        nfsPort,
        mountPort,
        exportPath,
        maxRecordSize,
        registerWithRpcbind,
        selectorThreads,
        limits);
  }

  /** This configuration with other ports ({@link #SHARED_PORT} for a shared MOUNT port). */
  public RelayConfig withPorts(int nfs, int mount) {
    return new RelayConfig(
        bindAddress,
        nfs,
        mount,
        exportPath,
        maxRecordSize,
        registerWithRpcbind,
        selectorThreads,
        limits);
  }

  /** This configuration with another export path. */
  public RelayConfig withExportPath(String path) {
    return new RelayConfig(
        bindAddress,
        nfsPort,
        mountPort,
        path,
        maxRecordSize,
        registerWithRpcbind,
        selectorThreads,
        limits);
  }

  /** This configuration with another record limit. */
  public RelayConfig withMaxRecordSize(int bytes) {
    return new RelayConfig(
        bindAddress,
        nfsPort,
        mountPort,
        exportPath,
        bytes,
        registerWithRpcbind,
        selectorThreads,
        limits);
  }

  /** This configuration with rpcbind registration switched on or off. */
  public RelayConfig withRpcbindRegistration(boolean register) {
    return new RelayConfig(
        bindAddress,
        nfsPort,
        mountPort,
        exportPath,
        maxRecordSize,
        register,
        selectorThreads,
        limits);
  }

  /** True when MOUNT is served on the NFS port. */
  public boolean sharedMountPort() {
    return mountPort == SHARED_PORT;
  }

  private static String normaliseExport(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("export path must start with '/': " + path);
    }
    if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
      throw new IllegalArgumentException("export path longer than 1024 bytes");
    }
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
