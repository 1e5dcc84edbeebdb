package org.bftnfs.backend.nfs;

import org.bftnfs.xdr.nfs.FSINFO3resok;

/**
 * The transfer sizes a server announced in FSINFO (RFC 1813 §3.3.19), bounded to what this client
 * is willing to hold per call.
 *
 * @param readMax the most bytes one READ asks for
 * @param writeMax the most bytes one WRITE carries
 * @param directoryPreferred the READDIR/READDIRPLUS size the server prefers
 */
record ServerLimits(int readMax, int writeMax, int directoryPreferred) {

  /** The most this client moves in one READ or WRITE, whatever the server allows. */
  static final int CLIENT_MAX = 1 << 20;

  /** The size used when the server announces none. */
  static final int FALLBACK = 32 * 1024;

  /** The limits of an FSINFO reply. */
  static ServerLimits of(FSINFO3resok info) {
    return new ServerLimits(
        bounded(info.rtmax, info.rtpref),
        bounded(info.wtmax, info.wtpref),
        bounded(info.dtpref, FALLBACK));
  }

  private static int bounded(int max, int preferred) {
    int size = max > 0 ? max : preferred > 0 ? preferred : FALLBACK;
    return Math.min(size, CLIENT_MAX);
  }
}
