package org.bftnfs.backend.nfs;

import java.time.Duration;
import java.util.Objects;

/**
 * Where an NFSv3 server is and how long to wait for it.
 *
 * @param name what the server is, for messages (e.g. "nfs-ganesha/VFS on ext4")
 * @param host the server's host name or address
 * @param nfsPort the TCP port of NFS version 3 (program 100003)
 * @param mountPort the TCP port of MOUNT version 3 (program 100005)
 * @param exportPath the path the MNT call asks for
 * @param timeout how long one call (and one connection attempt) may take
 */
public record NfsEndpoint(
    String name, String host, int nfsPort, int mountPort, String exportPath, Duration timeout) {

  /** The default bound of one call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public NfsEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(exportPath, "exportPath");
    Objects.requireNonNull(timeout, "timeout");
    checkPort(nfsPort, "nfsPort");
    checkPort(mountPort, "mountPort");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** An endpoint with the {@link #DEFAULT_TIMEOUT}. */
  public static NfsEndpoint of(
      String name, String host, int nfsPort, int mountPort, String exportPath) {
    return new NfsEndpoint(name, host, nfsPort, mountPort, exportPath, DEFAULT_TIMEOUT);
  }

  /** This endpoint with another call timeout. */
  public NfsEndpoint withTimeout(Duration newTimeout) {
    return new NfsEndpoint(name, host, nfsPort, mountPort, exportPath, newTimeout);
  }

  /** "name at host:nfsPort", the prefix of every message about this server. */
  public String where() {
    return name + " at " + host + ":" + nfsPort;
  }

  private static void checkPort(int port, String what) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(what + " out of range: " + port);
    }
  }
}
