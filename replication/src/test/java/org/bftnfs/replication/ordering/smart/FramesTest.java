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
    assertThat(Frames.readyPong(Frames.pong(true, null))).isTrue();
    assertThat(Frames.readyPong(Frames.pong(false, null))).isFalse();
    assertThat(Frames.readyPong(Frames.ping())).isFalse();
    assertThat(Frames.kind(new byte[0])).isEqualTo(-1);
    assertThat(Frames.kind(null)).isEqualTo(-1);
  }

  @Test
  void pongsCarryTheReplicasExecutionStatus() {
    byte[] pong =
        Frames.pong(
            true, new ExecutionWatchdog.Status(41, ExecutionWatchdog.Health.STALLED, 35, 3));
    assertThat(Frames.pongStatus(2, pong))
        .isEqualTo(new ReplicaStatus(2, true, 41, "STALLED", 35, 3));
    assertThat(Frames.pongStatus(1, Frames.pong(false, null)))
        .isEqualTo(new ReplicaStatus(1, false, -1, "STARTING", 0, -1));
    assertThat(Frames.pongStatus(1, Frames.ping())).isNull();
    assertThat(Frames.pongStatus(1, Frames.wrap(Frames.APPLICATION, new byte[10]))).isNull();
  }
}
