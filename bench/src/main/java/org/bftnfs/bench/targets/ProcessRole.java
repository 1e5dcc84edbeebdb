package org.bftnfs.bench.targets;

/**
 * One process of a target and what it does there.
 *
 * @param handle the process
 * @param role {@link #RELAY} (the process with the NFS server the client talks to: the relay, or
 *     for relay-only the relay and its wrapper), {@link #REPLICA} (a replica: BFT-SMaRt, the
 *     replication layer and the wrapper) or {@link #GANESHA} (an nfs-ganesha daemon)
 */
public record ProcessRole(ProcessHandle handle, String role) {

  /** The process that serves the client's NFS calls (relay, or relay + wrapper). */
  public static final String RELAY = "relay";

  /** A replica process (BFT-SMaRt + replication + conformance wrapper). */
  public static final String REPLICA = "replica";

  /** An nfs-ganesha daemon. */
  public static final String GANESHA = "ganesha";

  /** Anything else a target started. */
  public static final String OTHER = "other";

  /** The process id. */
  public long pid() {
    return handle.pid();
  }
}
