package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/** The library's shared MAC is broken for good by one missing key; this one is not. */
class ResilientMacTest {

  private static final byte[] DATA = "an ACCEPT".getBytes(StandardCharsets.US_ASCII);

  @Test
  void theJdksMacIsBrokenForGoodByOneMissingKeyWhichIsWhyItIsReplaced() throws Exception {
    SecretKey key = LinkKeys.secretKey(BigInteger.valueOf(123456789));
    Mac plain = Mac.getInstance("HmacMD5");
    assertThatThrownBy(() -> plain.init(null)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> plain.init(key)).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void aMissingKeyFailsOneCheckOnlyAndMacsMatchTheLibrarysAlgorithm() throws Exception {
    SecretKey key = LinkKeys.secretKey(BigInteger.valueOf(123456789));
    Mac reference = Mac.getInstance("HmacMD5");
    reference.init(key);
    byte[] expected = reference.doFinal(DATA);

    Mac resilient = ResilientMac.create();
    assertThatThrownBy(() -> resilient.init(null)).isInstanceOf(InvalidKeyException.class);
    resilient.init(key);
    assertThat(resilient.doFinal(DATA)).isEqualTo(expected);
    assertThat(resilient.getMacLength()).isEqualTo(reference.getMacLength());
    assertThatThrownBy(() -> resilient.init(null)).isInstanceOf(InvalidKeyException.class);
    resilient.init(key);
    assertThat(resilient.doFinal(DATA)).isEqualTo(expected);
  }
}
