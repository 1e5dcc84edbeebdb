package org.bftnfs.statetransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint certificates (paper §2.2): f + 1 valid signatures from distinct replicas over the same
 * ⟨seq, root⟩ vouch for it, 2f + 1 make it stable; forged, duplicate or mismatched signatures do
 * not count; the encoding is canonical.
 */
class CheckpointCertificateTest {

  /** A stand-in signature scheme: SHA-256 over a per-replica secret and the statement. */
  static byte[] sign(int replica, byte[] statement) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(("secret-" + replica).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return md.digest(statement);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static final SignatureVerifier VERIFIER =
      (replica, statement, signature) ->
          replica >= 0 && replica < 4 && Arrays.equals(sign(replica, statement), signature);

  private static Digest digest(int b) {
    byte[] d = new byte[Digest.LENGTH];
    d[0] = (byte) b;
    return Digest.of(d);
  }

  @Test
  void quorumsCountDistinctValidSigners() {
    CheckpointStatement st = new CheckpointStatement(128, digest(1));
    byte[] signed = st.encode();
    CheckpointCertificate c = CheckpointCertificate.of(st).with(0, sign(0, signed));
    assertThat(c.vouched(1, VERIFIER)).isFalse();
    c = c.with(0, sign(0, signed));
    assertThat(c.signers(VERIFIER)).as("same replica twice").isEqualTo(1);
    c = c.with(1, sign(2, signed)).with(5, sign(5, signed));
    assertThat(c.signers(VERIFIER)).as("forged, unknown replica").isEqualTo(1);
    CheckpointStatement other = new CheckpointStatement(128, digest(2));
    c = c.with(2, sign(2, other.encode()));
    assertThat(c.vouched(1, VERIFIER)).as("signature over another root").isFalse();
    c = c.with(2, sign(2, signed));
    assertThat(c.vouched(1, VERIFIER)).isTrue();
    assertThat(c.stable(1, VERIFIER)).isFalse();
    c = c.with(1, sign(1, signed));
    assertThat(c.stable(1, VERIFIER)).isTrue();
    assertThat(CheckpointCertificate.of(st).vouched(0, VERIFIER)).isFalse();
  }

  @Test
  void encodingIsCanonicalAndRoundTrips() {
    CheckpointStatement st = new CheckpointStatement(-1L >>> 1, digest(9));
    assertThat(CheckpointStatement.decode(st.encode())).isEqualTo(st);
    byte[] signed = st.encode();
    CheckpointCertificate a =
        CheckpointCertificate.of(st).with(3, sign(3, signed)).with(1, sign(1, signed));
    CheckpointCertificate b =
        CheckpointCertificate.of(st).with(1, sign(1, signed)).with(3, sign(3, signed));
    assertThat(a.encode()).isEqualTo(b.encode());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    CheckpointCertificate back = CheckpointCertificate.decode(a.encode());
    assertThat(back).isEqualTo(a);
    assertThat(back.vouched(1, VERIFIER)).isTrue();

    byte[] longer = Arrays.copyOf(a.encode(), a.encode().length + 1);
    assertThatThrownBy(() -> CheckpointCertificate.decode(longer))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] shorter = Arrays.copyOf(a.encode(), a.encode().length - 1);
    assertThatThrownBy(() -> CheckpointCertificate.decode(shorter))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] bad = a.encode();
    bad[0] ^= 1;
    assertThatThrownBy(() -> CheckpointCertificate.decode(bad))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
