package org.bftnfs.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionTest {

  @Test
  void countRoundsUpSoThatAnyShareCorruptsAFile() {
    assertThat(Corruption.count(256, 0)).isZero();
    assertThat(Corruption.count(256, 1)).isEqualTo(3);
    assertThat(Corruption.count(64, 1)).isEqualTo(1);
    assertThat(Corruption.count(100, 1)).isEqualTo(1);
    assertThat(Corruption.count(256, 100)).isEqualTo(256);
    assertThat(Corruption.count(0, 50)).isZero();
    assertThatThrownBy(() -> Corruption.count(10, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chosenFilesAreSpreadAndDistinct() {
    assertThat(Corruption.choose(256, 3)).containsExactly(0, 85, 170);
    assertThat(Corruption.choose(4, 4)).containsExactly(0, 1, 2, 3);
    assertThat(Corruption.choose(10, 0)).isEmpty();
    assertThatThrownBy(() -> Corruption.choose(3, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void corruptInvertsTheFirstBytesAndKeepsTheLength(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("f");
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    Files.write(f, data);
    assertThat(Corruption.corrupt(f)).isEqualTo(Corruption.BYTES);
    byte[] after = Files.readAllBytes(f);
    assertThat(after).hasSize(1000);
    for (int i = 0; i < data.length; i++) {
      assertThat(after[i]).isEqualTo(i < Corruption.BYTES ? (byte) ~data[i] : data[i]);
    }
    Path small = dir.resolve("small");
    Files.write(small, new byte[] {1, 2, 3});
    assertThat(Corruption.corrupt(small)).isEqualTo(3);
    assertThat(Files.readAllBytes(small)).containsExactly(~1, ~2, ~3);
  }
}
