package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void wrapsAndUnwrapsPayloads() {
    byte[] framed = Frames.wrap(Frames.APPLICATION, new byte[] {5, 6});

    assertThat(framed).containsExactly(0, 5, 6);
    assertThat(Frames.kind(framed)).isEqualTo(Frames.APPLICATION);
    assertThat(Frames.payload(framed)).containsExactly(5, 6);
    assertThat(Frames.payload(Frames.wrap(Frames.APPLICATION, new byte[0]))).isEmpty();
  }

  @Test
  void framedRepliesNeverLookLikeJavaSerialization() {
    byte[] serializationMagic = {(byte) 0xAC, (byte) 0xED, 0, 5};

    assertThat(Frames.wrap(Frames.APPLICATION, serializationMagic)[0]).isZero();
  }

  @Test
  void pongsSayWhetherTheReplicaIsReady() {
    assertThat(Frames.readyPong(Frames.pong(true))).isTrue();
    assertThat(Frames.readyPong(Frames.pong(false))).isFalse();
    assertThat(Frames.readyPong(Frames.ping())).isFalse();
    assertThat(Frames.kind(new byte[0])).isEqualTo(-1);
    assertThat(Frames.kind(null)).isEqualTo(-1);
  }
}
