package org.bftnfs.statetransfer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A checkpoint certificate (paper §2.2): a {@link CheckpointStatement} and replicas' signatures
 * over its encoding, signatures as opaque bytes checked by a pluggable {@link SignatureVerifier}.
 * With at most f faulty replicas, f + 1 valid signatures from distinct replicas <b>vouch</b> for
 * the root (at least one correct replica computed it: a fetching replica may trust it), and 2f + 1
 * make the checkpoint <b>stable</b> (older checkpoints can be discarded).
 *
 * <p>Canonical encoding ({@link #encode()}): the statement's 60 bytes, {@code u32 count}, then for
 * each signer in ascending replica order {@code u32 replica || u32 length || signature}. The same
 * signatures give the same bytes whatever order they were added in.
 *
 * <p>Thread-safety: immutable.
 */
public final class CheckpointCertificate {

  /** The largest signature accepted, in bytes. */
  public static final int MAX_SIGNATURE = 1 << 16;

  /** The most signers accepted. */
  public static final int MAX_SIGNERS = 1 << 10;

  private final CheckpointStatement statement;
  private final NavigableMap<Integer, byte[]> signatures;

  private CheckpointCertificate(
      CheckpointStatement statement, NavigableMap<Integer, byte[]> signatures) {
    this.statement = statement;
    this.signatures = signatures;
  }

  /** A certificate for {@code statement} with no signature yet. */
  public static CheckpointCertificate of(CheckpointStatement statement) {
    return new CheckpointCertificate(
        Objects.requireNonNull(statement, "statement"), new TreeMap<>());
  }

  /** The statement certified. */
  public CheckpointStatement statement() {
    return statement;
  }

  /**
   * This certificate with {@code replica}'s signature (copied) added, replacing any it had from
   * that replica. Nothing is verified here: {@link #signers(SignatureVerifier)} counts only valid
   * signatures.
   *
   * @throws IllegalArgumentException if {@code replica} is negative, the signature too long, or the
   *     certificate full
   */
  public CheckpointCertificate with(int replica, byte[] signature) {
    if (replica < 0) {
      throw new IllegalArgumentException("replica " + replica);
    }
    if (signature.length > MAX_SIGNATURE) {
      throw new IllegalArgumentException("signature of " + signature.length + " bytes");
    }
    TreeMap<Integer, byte[]> s = new TreeMap<>(signatures);
    s.put(replica, signature.clone());
    if (s.size() > MAX_SIGNERS) {
      throw new IllegalArgumentException("more than " + MAX_SIGNERS + " signers");
    }
    return new CheckpointCertificate(statement, s);
  }

  /** The signatures held, by replica (unverified; copies). */
  public NavigableMap<Integer, byte[]> signatures() {
    TreeMap<Integer, byte[]> s = new TreeMap<>();
    signatures.forEach((r, sig) -> s.put(r, sig.clone()));
    return Collections.unmodifiableNavigableMap(s);
  }

  /** The number of distinct replicas whose signature {@code verifier} accepts. */
  public int signers(SignatureVerifier verifier) {
    byte[] signed = statement.encode();
    int n = 0;
    for (Map.Entry<Integer, byte[]> e : signatures.entrySet()) {
      if (verifier.verify(e.getKey(), signed, e.getValue().clone())) {
        n++;
      }
    }
    return n;
  }

  /** Whether at least f + 1 distinct replicas validly signed: the root is vouched for. */
  public boolean vouched(int f, SignatureVerifier verifier) {
    return signers(verifier) >= quorum(f, 1);
  }

  /** Whether at least 2f + 1 distinct replicas validly signed: the checkpoint is stable. */
  public boolean stable(int f, SignatureVerifier verifier) {
    return signers(verifier) >= quorum(f, 2);
  }

  private static int quorum(int f, int times) {
    if (f < 0) {
      throw new IllegalArgumentException("f = " + f);
    }
    return times * f + 1;
  }

  /** The canonical encoding (see the class documentation). */
  public byte[] encode() {
    int size = CheckpointStatement.ENCODED_LENGTH + Integer.BYTES;
    for (byte[] s : signatures.values()) {
      size += 2 * Integer.BYTES + s.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(statement.encode()).putInt(signatures.size());
    for (Map.Entry<Integer, byte[]> e : signatures.entrySet()) {
      b.putInt(e.getKey()).putInt(e.getValue().length).put(e.getValue());
    }
    return b.array();
  }

  /**
   * The certificate encoded as by {@link #encode()}; only the canonical encoding is accepted
   * (signers strictly ascending, nothing after the last signature).
   *
   * @throws IllegalArgumentException if {@code bytes} is not such an encoding
   */
  public static CheckpointCertificate decode(byte[] bytes) {
    int head = CheckpointStatement.ENCODED_LENGTH;
    if (bytes.length < head + Integer.BYTES) {
      throw new IllegalArgumentException("certificate too short");
    }
    CheckpointCertificate c = of(CheckpointStatement.decode(Arrays.copyOfRange(bytes, 0, head)));
    ByteBuffer b = ByteBuffer.wrap(bytes, head, bytes.length - head);
    int count = b.getInt();
    if (count < 0 || count > MAX_SIGNERS) {
      throw new IllegalArgumentException("bad signer count " + count);
    }
    TreeMap<Integer, byte[]> s = new TreeMap<>();
    int previous = -1;
    for (int n = 0; n < count; n++) {
      if (b.remaining() < 2 * Integer.BYTES) {
        throw new IllegalArgumentException("certificate truncated");
      }
      int replica = b.getInt();
      int length = b.getInt();
      if (replica <= previous) {
        throw new IllegalArgumentException("signers not strictly ascending");
      }
      if (length < 0 || length > MAX_SIGNATURE || length > b.remaining()) {
        throw new IllegalArgumentException("bad signature length " + length);
      }
      byte[] sig = new byte[length];
      b.get(sig);
      s.put(replica, sig);
      previous = replica;
    }
    if (b.hasRemaining()) {
      throw new IllegalArgumentException(b.remaining() + " bytes after the certificate");
    }
    return new CheckpointCertificate(c.statement, s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckpointCertificate c && Arrays.equals(encode(), c.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "CheckpointCertificate[seq="
        + statement.seq()
        + ", root="
        + statement.root()
        + ", signers="
        + signatures.keySet()
        + "]";
  }
}
