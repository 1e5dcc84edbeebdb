package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The two payloads {@link EmptyStops} rewrites are exactly what the library's STOP code produces
 * when it relays no request: the bytes taken before the stream is flushed (a replica starting a
 * change) and after (a replica joining one).
 */
class EmptyStopsTest {

  @Test
  void theRewrittenPayloadsAreTheLibrarysNoRequestEncodings() throws Exception {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ObjectOutputStream out = new ObjectOutputStream(bos);
    out.writeBoolean(false);
    byte[] startingAChange = bos.toByteArray(); // taken before the flush, as the library does
    out.flush();
    byte[] joiningAChange = bos.toByteArray();
    out.close();

    assertThat(EmptyStops.UNFLUSHED).isEqualTo(startingAChange);
    assertThat(EmptyStops.NO_REQUESTS_FLAG).isEqualTo(joiningAChange);
    assertThat(EmptyStops.UNFLUSHED).isNotEqualTo(EmptyStops.NO_REQUESTS_FLAG);
  }
}
