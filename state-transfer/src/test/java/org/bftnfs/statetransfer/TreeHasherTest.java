package org.bftnfs.statetransfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A leaf digest computed while the value is streamed equals the one of the whole value. */
class TreeHasherTest {

  private static final byte[] FREE = {0, 0, 0, 0, 0, 0, 0, 0};

  @Test
  void streamedLeavesEqualWholeLeavesAndRecogniseTheFreeEncoding() throws Exception {
    TreeShape shape = new TreeShape(1 << 24, 16, FREE);
    TreeHasher whole = shape.newHasher();
    TreeHasher streamed = shape.newHasher();
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      byte[] value = new byte[random.nextInt(3 * 8192)];
      random.nextBytes(value);
      int index = random.nextInt(1 << 24);
      int piece = 1 + random.nextInt(5000);
      Digest d =
          streamed.leaf(
              index,
              out -> {
                for (int off = 0; off < value.length; off += piece) {
                  out.write(value, off, Math.min(piece, value.length - off));
                }
              });
      assertThat(d).isEqualTo(whole.leaf(index, value));
    }
    assertThat(streamed.leaf(5, out -> out.write(FREE))).isEqualTo(shape.emptyDigest(0));
    assertThat(streamed.leaf(5, out -> out.write(new byte[] {0, 0, 0, 0})))
        .isEqualTo(whole.leaf(5, new byte[] {0, 0, 0, 0}))
        .isNotEqualTo(shape.emptyDigest(0));
    byte[] longer = new byte[9];
    assertThat(streamed.leaf(5, out -> out.write(longer))).isEqualTo(whole.leaf(5, longer));
    assertThat(
            streamed.leaf(
                5,
                out -> {
                  out.write(0);
                  out.write(new byte[7]);
                }))
        .isEqualTo(shape.emptyDigest(0));
  }
}
