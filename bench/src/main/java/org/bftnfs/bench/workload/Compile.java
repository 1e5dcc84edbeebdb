package org.bftnfs.bench.workload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The "compiler" of the Make phase: some CPU work over a source file (chained SHA-256 passes over
 * its bytes) that yields a deterministic "object file" half its size (at least 64 bytes).
 */
final class Compile {

  /** SHA-256 passes over each source: about 1 ms of CPU for a typical 4 KiB file. */
  static final int PASSES = 24;

  private Compile() {}

  static byte[] object(byte[] source) {
    MessageDigest sha = sha256();
    byte[] state = new byte[0];
    for (int pass = 0; pass < PASSES; pass++) {
      sha.update(state);
      sha.update(source);
      state = sha.digest();
    }
    byte[] out = new byte[Math.max(64, source.length / 2)];
    for (int at = 0, block = 0; at < out.length; block++) {
      sha.update(state);
      sha.update((byte) block);
      sha.update((byte) (block >>> 8));
      byte[] d = sha.digest();
      int n = Math.min(d.length, out.length - at);
      System.arraycopy(d, 0, out, at, n);
      at += n;
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
