package org.bftnfs.relay;

import org.glassfish.grizzly.Buffer;

/**
 * Checks the credential and verifier of an RPC call against the bytes present and the bounds of RFC
 * 5531, before oncrpc4j decodes them (oncrpc4j 3.4.2 allocates whatever a length word claims, so a
 * 68-byte call could otherwise cost gigabytes):
 *
 * <ul>
 *   <li>a credential or verifier body is at most {@value #MAX_AUTH_BYTES} bytes (RFC 5531 §8.2) and
 *       present in full, padding included;
 *   <li>an AUTH_SYS body (RFC 5531 Appendix A) has a machine name of at most {@value
 *       #MAX_MACHINE_NAME} bytes and at most {@value #MAX_GIDS} supplementary gids, and its fields
 *       fill the body exactly.
 * </ul>
 *
 * Stateless; all methods are static.
 */
final class AuthBodyCheck {

  /** Largest credential or verifier body (RFC 5531: {@code opaque body<400>}). */
  static final int MAX_AUTH_BYTES = 400;

  /** Largest AUTH_SYS machine name (RFC 5531: {@code string machinename<255>}). */
  static final int MAX_MACHINE_NAME = 255;

  /** Most AUTH_SYS supplementary gids (RFC 5531: {@code unsigned int gids<16>}). */
  static final int MAX_GIDS = 16;

  /** The credential flavor word of a call, at this offset from the start of the message. */
  static final int CREDENTIAL_OFFSET = 24;

  private static final int AUTH_SYS = 1;

  /** What is wrong with a call's authentication part, if anything. */
  enum Outcome {
    /** Credential and verifier are within bounds and present in full. */
    VALID,
    /** The credential is too long, truncated or (AUTH_SYS) malformed. */
    BAD_CREDENTIAL,
    /** The verifier is too long or truncated. */
    BAD_VERIFIER
  }

  private AuthBodyCheck() {}

  /**
   * Checks the credential starting at {@code start + }{@link #CREDENTIAL_OFFSET} and the verifier
   * that follows it. Reads {@code message} by absolute index; its position is left alone.
   *
   * @param message the call message (no record marks)
   * @param start the index of the message's first byte (its xid)
   * @param end the index just past the message's last byte
   */
  static Outcome check(Buffer message, int start, int end) {
    int credential = start + CREDENTIAL_OFFSET;
    int credentialBody = body(message, credential, end);
    if (credentialBody < 0) {
      return Outcome.BAD_CREDENTIAL;
    }
    int length = message.getInt(credential + 4);
    if (message.getInt(credential) == AUTH_SYS
        && !authSysFills(message, credentialBody, credentialBody + length)) {
      return Outcome.BAD_CREDENTIAL;
    }
    int verifier = credentialBody + padded(length);
    return body(message, verifier, end) < 0 ? Outcome.BAD_VERIFIER : Outcome.VALID;
  }

  /**
   * Checks the opaque_auth at {@code at}: flavor, length at most {@link #MAX_AUTH_BYTES}, body and
   * padding present before {@code end}.
   *
   * @return the index of its body, or -1 when it is out of bounds
   */
  private static int body(Buffer message, int at, int end) {
    if (end - at < 8) {
      return -1;
    }
    int length = message.getInt(at + 4);
    if (length < 0 || length > MAX_AUTH_BYTES || end - (at + 8) < padded(length)) {
      return -1;
    }
    return at + 8;
  }

  /**
   * True when the AUTH_SYS fields between {@code from} and {@code to} are in bounds and fill it.
   */
  private static boolean authSysFills(Buffer message, int from, int to) {
    int at = from + 4; // stamp
    if (to - at < 4) {
      return false;
    }
    int name = message.getInt(at);
    at += 4;
    if (name < 0 || name > MAX_MACHINE_NAME || to - at < padded(name) + 12) {
      return false;
    }
    at += padded(name) + 8; // machine name, uid, gid
    int gids = message.getInt(at);
    at += 4;
    return gids >= 0 && gids <= MAX_GIDS && to - at == 4 * gids;
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }
}
