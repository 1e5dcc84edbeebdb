package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

class RecordMarkScannerTest {

  private static Buffer bytes(byte[] b, int from, int to) {
    Buffer buffer = Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, b);
    buffer.position(from);
    buffer.limit(to);
    return buffer;
  }

  private static byte[] records(int... fragments) {
    int total = 0;
    for (int f : fragments) {
      total += 4 + (f & 0x7fffffff);
    }
    ByteBuffer b = ByteBuffer.allocate(total);
    for (int f : fragments) {
      b.putInt(f).put(new byte[f & 0x7fffffff]);
    }
    return b.array();
  }

  @Test
  void recordsUpToTheLimitPassInAnySlicing() {
    byte[] stream = records(0x80000000 | 96, 40, 0x80000000 | 52, 0x80000000 | 0);
    for (int step = 1; step <= stream.length; step++) {
      RecordMarkScanner scanner = new RecordMarkScanner(100);
      for (int at = 0; at < stream.length; at += step) {
        Buffer chunk = bytes(stream, at, Math.min(stream.length, at + step));
        assertThat(scanner.feed(chunk)).as("step %d at %d", step, at).isTrue();
        assertThat(chunk.position()).isEqualTo(at);
      }
    }
  }

  @Test
  void aRecordOverTheLimitIsCaughtAtTheHeaderThatCrossesIt() {
    byte[] stream = records(40, 0x80000000 | 57);
    RecordMarkScanner scanner = new RecordMarkScanner(100);
    assertThat(scanner.feed(bytes(stream, 0, 46))).isTrue();
    assertThat(scanner.feed(bytes(stream, 46, 47))).isTrue();
    assertThat(scanner.feed(bytes(stream, 47, 48))).isFalse();
    assertThat(scanner.recordBytes()).isEqualTo(105);
  }

  @Test
  void emptyFragmentsCountTheirHeaders() {
    RecordMarkScanner scanner = new RecordMarkScanner(100);
    byte[] empties = records(new int[25]);
    assertThat(scanner.feed(bytes(empties, 0, empties.length))).isTrue();
    assertThat(scanner.feed(bytes(records(0), 0, 4))).isFalse();
  }
}
