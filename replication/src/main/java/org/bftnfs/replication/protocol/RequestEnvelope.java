package org.bftnfs.replication.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;

/**
 * One NFS call as a relay sends it to the replicas, authenticated by the relay's signature over
 * relay id, request sequence number, the relay's clock and the call (the project's own layer: the
 * ordering engine's client authentication is weak, see docs/replication.md).
 *
 * <pre>
 * envelope = "BFTNFSQ2" body:opaque&lt;&gt; signature:opaque&lt;64&gt;   // Ed25519 over body
 * body     = relay:u32 sequence:u64 sent:u64 procedure:u32
 *            flavor:u32 uid:u32 gid:u32 gids:u32&lt;16&gt; arguments:opaque&lt;MAX&gt;
 * </pre>
 *
 * <p>Every reply names the request it answers by the {@link #digest} of the envelope's bytes, so a
 * reply (even a rejection) to a request someone else forged in a relay's name never counts for the
 * relay's own request. Ed25519 signatures are deterministic: encoding the same envelope again gives
 * the same bytes and the same digest.
 *
 * @param relay the relay's id (its key signs the envelope)
 * @param sequence the relay's request number: unique per relay, reused only by retransmissions of
 *     the same envelope; {@link #SEQUENCE_QUERY} asks the replicas for the relay's next number
 * @param sentMillis the relay's clock when it made the request (ms since the epoch): bounds the
 *     agreed time a leader may pick for it
 * @param call the NFS call
 */
public record RequestEnvelope(int relay, long sequence, long sentMillis, NfsCall call) {

  /**
   * The sequence number of a relay's query for its next sequence number (answered with that number,
   * executed as nothing, never cached): a relay starts numbering where the replicas say, not where
   * a clock says.
   */
  public static final long SEQUENCE_QUERY = 0;

  /** Length of a {@link #digest}. */
  public static final int DIGEST_LENGTH = 32;

  /** Largest argument block accepted (a WRITE of wtmax plus headers). */
  public static final int MAX_ARGUMENTS = (1 << 20) + 4096;

  private static final long MAGIC = 0x4246544e46535132L; // "BFTNFSQ2"

  /** The signed encoding. */
  public byte[] encode(SigningKey key) {
    byte[] body = body();
    byte[] signature = key.sign(body);
    return new Wire.Writer(8 + 4 + body.length + 4 + signature.length)
        .u64(MAGIC)
        .bytes(body)
        .bytes(signature)
        .toBytes();
  }

  private byte[] body() {
    Credentials c = call.credentials();
    Wire.Writer w =
        new Wire.Writer(4 + 8 + 8 + 4 + 4 * 4 + 4 * c.gids().length + 4 + call.arguments().length)
            .u32(relay)
            .u64(sequence)
            .u64(sentMillis)
            .u32(call.procedure())
            .u32(c.flavor())
            .u32(c.uid())
            .u32(c.gid())
            .u32(c.gids().length);
    for (int g : c.gids()) {
      w.u32(g);
    }
    return w.bytes(call.arguments()).toBytes();
  }

  /**
   * A digest of what {@code call} asks (procedure, credentials, arguments), whoever sends it under
   * whatever number: equal calls, equal digests.
   */
  public static byte[] callDigest(NfsCall call) {
    return digest(new RequestEnvelope(0, 0, 0, call).body());
  }

  /** SHA-256 of an encoded envelope (or of any bytes sent as one): what replies name. */
  public static byte[] digest(byte[] encoded) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encoded);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  /**
   * Why an envelope was not accepted, with the relay and sequence number it claims (unverified; 0
   * when unreadable). The rejection names the request by its digest, so only the sender of exactly
   * these bytes can take it for an answer.
   */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final int relay;
    private final long sequence;

    public Rejected(String message, int relay, long sequence) {
      super(message, null, false, false);
      this.relay = relay;
      this.sequence = sequence;
    }

    public int relay() {
      return relay;
    }

    public long sequence() {
      return sequence;
    }
  }

  /** Looks up relays' public keys. */
  @FunctionalInterface
  public interface RelayKeys {
    /** The key of relay {@code id}, or null when there is no such relay. */
    VerifyingKey of(int id);
  }

  /**
   * Decodes and authenticates an envelope. The outcome depends only on the bytes and the keys, so
   * every correct replica decides the same.
   *
   * @throws Rejected when it is malformed, from an unknown relay, or wrongly signed
   */
  public static RequestEnvelope decode(byte[] bytes, RelayKeys keys) throws Rejected {
    int relay = 0;
    long sequence = 0;
    try {
      Wire.Reader outer = new Wire.Reader(bytes);
      if (outer.u64() != MAGIC) {
        throw new Rejected("not a bftnfs request", 0, 0);
      }
      byte[] body = outer.bytes(MAX_ARGUMENTS + 256);
      byte[] signature = outer.bytes(VerifyingKey.SIGNATURE_LENGTH);
      outer.end();
      Wire.Reader r = new Wire.Reader(body);
      relay = r.u32();
      sequence = r.u64();
      long sent = r.u64();
      int procedure = r.u32();
      int flavor = r.u32();
      int uid = r.u32();
      int gid = r.u32();
      int ngids = r.u32();
      if (ngids < 0 || ngids > Credentials.MAX_GIDS) {
        throw new Rejected("too many groups", relay, sequence);
      }
      int[] gids = new int[ngids];
      for (int i = 0; i < ngids; i++) {
        gids[i] = r.u32();
      }
      byte[] arguments = r.bytes(MAX_ARGUMENTS);
      r.end();
      VerifyingKey key = keys.of(relay);
      if (key == null) {
        throw new Rejected("unknown relay " + relay, relay, sequence);
      }
      if (!key.verifies(body, signature)) {
        throw new Rejected("bad signature from relay " + relay, relay, sequence);
      }
      if (flavor != Credentials.AUTH_NONE && flavor != Credentials.AUTH_SYS) {
        throw new Rejected("unknown credential flavor " + flavor, relay, sequence);
      }
      return new RequestEnvelope(
          relay,
          sequence,
          sent,
          new NfsCall(procedure, new Credentials(flavor, uid, gid, gids), arguments));
    } catch (Wire.Malformed e) {
      throw new Rejected("malformed request: " + e.getMessage(), relay, sequence);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestEnvelope e
        && e.relay == relay
        && e.sequence == sequence
        && e.sentMillis == sentMillis
        && e.call.procedure() == call.procedure()
        && e.call.credentials().equals(call.credentials())
        && Arrays.equals(e.call.arguments(), call.arguments());
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + relay;
  }
}
