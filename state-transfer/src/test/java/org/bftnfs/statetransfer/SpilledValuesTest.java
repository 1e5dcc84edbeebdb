package org.bftnfs.statetransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetched objects' store (paper §3.4: fetched objects are held until one {@code put_objs}):
 * spilled values come back byte for byte, only large ones go to disk, and closing deletes the file.
 */
class SpilledValuesTest {

  @Test
  void spilledValuesReadBackExactlyAndOnlyLargeOnesTakeDisk(@TempDir Path dir) throws Exception {
    Random random = new Random(11);
    TreeMap<Integer, byte[]> put = new TreeMap<>();
    long large = 0;
    try (SpilledValues objects = SpilledValues.spillingTo(dir)) {
      for (int i = 0; i < 60; i++) {
        int index = random.nextInt(1 << 20);
        byte[] v = new byte[i % 3 == 0 ? 1 << 16 + random.nextInt(3) : random.nextInt(200)];
        random.nextBytes(v);
        objects.put(index, v);
        put.put(index, v);
        if (v.length > SpilledValues.INLINE_BYTES) {
          large += v.length;
        }
      }
      assertThat(objects.indices()).containsExactlyElementsOf(put.keySet());
      assertThat(objects.size()).isEqualTo(put.size());
      for (var e : put.entrySet()) {
        assertThat(objects.get(e.getKey())).as("object %d", e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(objects.bytes()).isEqualTo(put.values().stream().mapToLong(v -> v.length).sum());
      // the file holds every large value written (a value replaced stays in it until close)
      assertThat(objects.spilledBytes()).isEqualTo(large);
      assertThat(objects.file()).isPresent();
      assertThat(objects.get(-5)).isNull();
      objects.close();
    }
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void streamedValuesSpillOnlyBeyondTheInlineSize(@TempDir Path dir) throws Exception {
    byte[] big = new byte[100_000];
    new Random(2).nextBytes(big);
    byte[] small = {1, 2, 3};
    try (SpilledValues values = SpilledValues.spillingTo(dir)) {
      values.put(7, (i, out) -> out.write(small));
      assertThat(values.spilledBytes()).isZero();
      assertThat(values.file()).as("no file before a large value").isEmpty();
      values.put(
          9,
          (i, out) -> {
            for (int at = 0; at < big.length; at += 1000) { // in pieces, as a file is read
              out.write(big, at, 1000);
            }
          });
      assertThat(values.spilledBytes()).isEqualTo(big.length);
      assertThat(values.get(7)).isEqualTo(small);
      assertThat(values.get(9)).isEqualTo(big);
      assertThat(values.bytes()).isEqualTo(big.length + small.length);
      assertThatThrownBy(
              () ->
                  values.put(
                      11,
                      (i, out) -> {
                        out.write(big);
                        throw new IOException("the backend failed");
                      }))
          .hasMessage("the backend failed");
      assertThat(values.has(11)).isFalse();
      values.put(12, (i, out) -> out.write(big, 0, 5000));
      assertThat(values.get(12)).isEqualTo(java.util.Arrays.copyOf(big, 5000));
      assertThat(values.get(9)).as("a failed value did not damage the others").isEqualTo(big);
    }
  }

  /** Parts of a value are read at any offset, spilled or not; a value that failed is removed. */
  @Test
  void partsOfValuesAreReadInPlaceAndValuesCanBeRemoved(@TempDir Path dir) {
    byte[] large = new byte[10_000];
    new Random(3).nextBytes(large);
    byte[] small = {1, 2, 3, 4, 5};
    try (SpilledValues v = SpilledValues.spillingTo(dir)) {
      v.put(1, large);
      v.put(2, small);
      assertThat(v.length(1)).isEqualTo(large.length);
      assertThat(v.length(2)).isEqualTo(small.length);
      assertThat(v.length(3)).isEqualTo(-1);
      assertThat(v.read(1, 4_000, 100)).isEqualTo(Arrays.copyOfRange(large, 4_000, 4_100));
      assertThat(v.read(1, 9_990, 100)).isEqualTo(Arrays.copyOfRange(large, 9_990, 10_000));
      assertThat(v.read(1, 10_000, 100)).isEmpty();
      assertThat(v.read(2, 3, 100)).containsExactly(4, 5);
      assertThat(v.read(2, 9, 100)).isEmpty();
      assertThatThrownBy(() -> v.read(3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> v.read(1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(v.remove(1)).isTrue();
      assertThat(v.remove(1)).isFalse();
      assertThat(v.has(1)).isFalse();
      assertThat(v.indices()).containsExactly(2);
      assertThat(v.bytes()).isEqualTo(small.length);
    }
  }

  @Test
  void anInMemoryStoreKeepsEverythingAndHasNoFile() {
    try (SpilledValues objects = SpilledValues.inMemory()) {
      byte[] big = new byte[1 << 16];
      big[7] = 1;
      objects.put(3, big);
      objects.put(1, new byte[] {2});
      assertThat(objects.file()).isEmpty();
      assertThat(objects.spilledBytes()).isZero();
      assertThat(objects.asMap().keySet()).containsExactly(1, 3);
      assertThat(objects.get(3)).isEqualTo(big);
    }
  }
}
