package org.bftnfs.bench.profile;

import java.util.List;

/**
 * What a sampled thread was doing, decided by the whole stack: the first rule (in this order) that
 * some frame's "class.method" starts with wins. This charges, for example, the SHA-512 inside an
 * Ed25519 verification to "verify signatures", and the object encoding inside a checkpoint to
 * "checkpoint snapshots", where the innermost-frame {@link Components} would split them.
 */
final class Activities {

  static final String OTHER = "other";

  private record Rule(String frame, String activity) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule("org.bftnfs.replication.replica.NfsReplica.snapshot", "checkpoint snapshots"),
          new Rule("org.bftnfs.replication.replica.NfsReplica.install", "installing a snapshot"),
          new Rule("org.bftnfs.replication.auth.VerifyingKey.", "verifying signatures (Ed25519)"),
          new Rule("org.bftnfs.replication.auth.SigningKey.", "signing (Ed25519)"),
          new Rule(
              "org.bftnfs.replication.replica.StateMachine",
              "executing on the wrapper and its backend"),
          new Rule("org.bftnfs.wrapper.", "executing on the wrapper and its backend"),
          new Rule("bftsmart.", "BFT-SMaRt ordering and its messages"),
          new Rule("io.netty.", "BFT-SMaRt ordering and its messages"),
          new Rule("org.bftnfs.relay.", "NFS RPC serving and network I/O (oncrpc4j, grizzly)"),
          new Rule("org.dcache.", "NFS RPC serving and network I/O (oncrpc4j, grizzly)"),
          new Rule("org.glassfish.grizzly.", "NFS RPC serving and network I/O (oncrpc4j, grizzly)"),
          new Rule("org.bftnfs.replication.", "replication layer (envelopes, request windows)"),
          new Rule("org.bftnfs.spec.", "abstract specification"));

  private Activities() {}

  /** The activity of a stack given as "class.method" names, innermost first. */
  static String of(List<String> frames) {
    for (Rule r : RULES) {
      for (String f : frames) {
        if (f.startsWith(r.frame())) {
          return r.activity();
        }
      }
    }
    return OTHER;
  }
}
