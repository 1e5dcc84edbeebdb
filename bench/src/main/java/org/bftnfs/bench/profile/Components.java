package org.bftnfs.bench.profile;

import java.util.List;

/**
 * Which part of the system a stack frame belongs to, by its class's package. A sample is charged to
 * the component of its innermost frame outside the JDK (so a HashMap lookup made by the conformance
 * wrapper counts as the wrapper's, a MAC computed for BFT-SMaRt as BFT-SMaRt's).
 */
final class Components {

  /** Samples whose whole stack is JDK code (JIT'd library code, I/O, threads parked in Java). */
  static final String JDK_ONLY = "JDK code only";

  private record Rule(String prefix, String component) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule("bftsmart.", "BFT-SMaRt ordering"),
          new Rule("io.netty.", "netty (BFT-SMaRt transport)"),
          new Rule("org.bouncycastle.", "BouncyCastle (Ed25519 signatures)"),
          new Rule("org.bftnfs.replication.", "replication layer (envelopes, windows, snapshots)"),
          new Rule("org.bftnfs.backend.nfs.", "NFS client to the backend"),
          new Rule("org.bftnfs.backend.local.", "local-directory backend"),
          new Rule("org.bftnfs.wrapper.", "conformance wrapper"),
          new Rule("org.bftnfs.spec.", "abstract specification"),
          new Rule("org.bftnfs.xdr.", "XDR encoding"),
          new Rule("org.bftnfs.relay.", "relay (NFS server)"),
          new Rule("org.dcache.", "oncrpc4j RPC"),
          new Rule("org.glassfish.grizzly.", "grizzly network I/O"),
          new Rule("org.slf4j.", "logging"),
          new Rule("org.bftnfs.", "other bftnfs code"));

  private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private Components() {}

  /** True for JDK classes. */
  static boolean isJdk(String className) {
    for (String p : JDK) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The component of a non-JDK class. */
  static String of(String className) {
    for (Rule r : RULES) {
      if (className.startsWith(r.prefix())) {
        return r.component();
      }
    }
    return "other libraries";
  }
}
