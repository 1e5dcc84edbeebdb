package org.bftnfs.bench.targets;

import org.bftnfs.bench.BenchUsageException;

/** The targets {@code bftnfs bench} can start and measure. */
public enum TargetKind {
  /** One nfs-ganesha/VFS export, no relay, no replication: the baseline. */
  DIRECT("direct", "one nfs-ganesha/VFS export, no relay, no replication"),
  /** {@code bftnfs serve --backend ganesha}: the relay over one conformance wrapper. */
  RELAY_ONLY(
      "relay-only", "bftnfs serve --backend ganesha: the relay over one wrapper over nfs-ganesha"),
  /** {@code bftnfs local-cluster --ganesha 4}: four replicas, each with its own nfs-ganesha. */
  REPLICATED(
      "replicated",
      "bftnfs local-cluster --ganesha 4: relay + 4 replica processes (f = 1), each wrapping its"
          + " own nfs-ganesha"),
  /** {@code bftnfs local-cluster --ganesha 2}: two nfs-ganesha and two local-directory replicas. */
  HETERO(
      "hetero",
      "bftnfs local-cluster --ganesha 2: relay + 2 replicas over nfs-ganesha and 2 over a local"
          + " directory (java.nio)"),
  /** {@link #REPLICATED} with one follower (replica 3) and its nfs-ganesha killed. */
  DEGRADED(
      "degraded",
      "replicated, with replica 3 (a follower) and its nfs-ganesha killed (SIGKILL) before the"
          + " warm-up");

  private final String label;
  private final String description;

  TargetKind(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** The name on the command line and in the results. */
  public String label() {
    return label;
  }

  /** What the target is, for the report. */
  public String description() {
    return description;
  }

  /** The target called {@code label}. */
  public static TargetKind of(String label) throws BenchUsageException {
    for (TargetKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new BenchUsageException(
        "unknown target '" + label + "' (direct, relay-only, replicated, hetero, degraded)");
  }
}
