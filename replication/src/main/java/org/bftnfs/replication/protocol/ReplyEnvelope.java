package org.bftnfs.replication.protocol;

import java.util.Arrays;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;

/**
 * A replica's answer to one request, signed by the replica. The relay accepts a result only when
 * enough replicas (f+1 ordered, 2f+1 read-only) sent the same {@link #content()} with valid
 * signatures, naming its own request by digest.
 *
 * <pre>
 * envelope = "BFTNFSR2" replica:u32 body:opaque&lt;&gt; signature:opaque&lt;64&gt;
 * body     = relay:u32 sequence:u64 request:opaque&lt;32&gt; kind:u32 detail:opaque&lt;&gt;
 * </pre>
 *
 * The body (without the replica id) is what replicas must agree on: the same for every correct
 * replica. {@code request} is the {@link RequestEnvelope#digest} of the bytes answered: relay and
 * sequence alone are claims of whoever sent those bytes, the digest is not. {@code detail} is the
 * encoded NFS reply for {@link Kind#REPLY}, a reason text for {@link Kind#REJECTED}.
 *
 * @param request the digest of the request answered
 */
public record ReplyEnvelope(
    int replica, int relay, long sequence, byte[] request, Kind kind, byte[] detail) {

  /** What the replica says. */
  public enum Kind {
    /** The request was executed (or answered from the reply cache). */
    REPLY,
    /** The request was not accepted (bad signature, replay, malformed): the reason follows. */
    REJECTED,
    /** This replica cannot execute (its backend failed); never matches a correct reply. */
    FAULT
  }

  /**
   * The reason a replica gives for an authentic request that came unordered but must be ordered.
   */
  public static final String ORDERED_ONLY = "not a read-only call";

  private static final long MAGIC = 0x4246544e46535232L; // "BFTNFSR2"

  /** The part replicas agree on. */
  public byte[] content() {
    return new Wire.Writer()
        .u32(relay)
        .u64(sequence)
        .bytes(request)
        .u32(kind.ordinal())
        .bytes(detail)
        .toBytes();
  }

  /** Whether this answers exactly the request whose digest is {@code digest}. */
  public boolean answers(byte[] digest) {
    return Arrays.equals(request, digest);
  }

  public byte[] encode(SigningKey key) {
    byte[] body = content();
    byte[] signed = new Wire.Writer().u32(replica).bytes(body).toBytes();
    return new Wire.Writer().u64(MAGIC).u32(replica).bytes(body).bytes(key.sign(signed)).toBytes();
  }

  /** Looks up replicas' public keys. */
  @FunctionalInterface
  public interface ReplicaKeys {
    VerifyingKey of(int id);
  }

  /**
   * Decodes and authenticates a reply that claims to come from {@code sender}.
   *
   * @return the reply, or null when it is malformed, not from {@code sender}, or wrongly signed
   */
  public static ReplyEnvelope decode(int sender, byte[] bytes, ReplicaKeys keys) {
    try {
      Wire.Reader outer = new Wire.Reader(bytes);
      if (outer.u64() != MAGIC) {
        return null;
      }
      int replica = outer.u32();
      byte[] body = outer.bytes(RequestEnvelope.MAX_ARGUMENTS + 4096);
      byte[] signature = outer.bytes(VerifyingKey.SIGNATURE_LENGTH);
      outer.end();
      VerifyingKey key = keys.of(replica);
      byte[] signed = new Wire.Writer().u32(replica).bytes(body).toBytes();
      if (replica != sender || key == null || !key.verifies(signed, signature)) {
        return null;
      }
      Wire.Reader r = new Wire.Reader(body);
      int relay = r.u32();
      long sequence = r.u64();
      byte[] request = r.bytes(RequestEnvelope.DIGEST_LENGTH);
      int kind = r.u32();
      byte[] detail = r.bytes(RequestEnvelope.MAX_ARGUMENTS + 1024);
      r.end();
      if (kind < 0
          || kind >= Kind.values().length
          || request.length != RequestEnvelope.DIGEST_LENGTH) {
        return null;
      }
      return new ReplyEnvelope(replica, relay, sequence, request, Kind.values()[kind], detail);
    } catch (Wire.Malformed e) {
      return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplyEnvelope e
        && e.replica == replica
        && e.relay == relay
        && e.sequence == sequence
        && Arrays.equals(e.request, request)
        && e.kind == kind
        && Arrays.equals(e.detail, detail);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + replica;
  }
}
