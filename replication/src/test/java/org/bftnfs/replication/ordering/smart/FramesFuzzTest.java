package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link Frames}, the one-byte framing between {@link SmartClient} and
 * {@link SmartReplica}: what a replica reads from any client of the ordering engine, and what a
 * relay reads from any replica, faulty ones included (paper §2.1: a faulty replica may send
 * anything).
 *
 * <ul>
 *   <li>{@link #framesAreReadTheSameWayOnBothSides}: any byte string is read without an exception —
 *       its kind, its payload when it is an application frame (which framed again gives back the
 *       same bytes), whether it is a ready pong, and the status of a pong; a string is a pong
 *       exactly when it has a pong's length and frame byte, the two readings of a pong agree on
 *       readiness, and a pong in the canonical form {@link Frames#pong} writes reads back to its
 *       own bytes;
 *   <li>{@link #pongsCarryTheStatusTheyWereMadeFrom}: whatever a replica reports, its pong reads
 *       back as that status, and every frame a replica answers with starts with a frame byte, never
 *       with the first byte of Java serialization's stream header.
 * </ul>
 *
 * <p>Regression mode runs the inputs under {@code
 * src/test/resources/org/bftnfs/replication/ordering/smart/FramesFuzzTestInputs/} (seeds written by
 * {@link FramesFuzzSeeds}); {@code JAZZER_FUZZ=1} fuzzes one target (README.md, Development).
 */
class FramesFuzzTest {

  /** The pong's length (frame, ready, last executed, health, stalled, leader). */
  static final int PONG_LENGTH = 15;

  private static final ExecutionWatchdog.Health[] HEALTH = ExecutionWatchdog.Health.values();

  /** The input is a request as a replica receives it, or a reply as a client receives it. */
  @FuzzTest(maxDuration = "60s")
  void framesAreReadTheSameWayOnBothSides(byte[] data) {
    int kind = Frames.kind(data);
    assertThat(kind).isEqualTo(data.length == 0 ? -1 : data[0]);
    if (kind == Frames.APPLICATION) {
      byte[] payload = Frames.payload(data);
      assertThat(payload).isEqualTo(Arrays.copyOfRange(data, 1, data.length));
      assertThat(Frames.wrap(Frames.APPLICATION, payload)).isEqualTo(data);
    }
    boolean ready = Frames.readyPong(data);
    if (ready) {
      assertThat(kind).isEqualTo(Frames.PING);
    }
    ReplicaStatus status = Frames.pongStatus(3, data);
    boolean pong = data.length == PONG_LENGTH && kind == Frames.PING;
    assertThat(status != null).as("read as a pong").isEqualTo(pong);
    if (status == null) {
      return;
    }
    assertThat(status.replica()).isEqualTo(3);
    assertThat(status.ready()).as("ready in the status and in the warm-up").isEqualTo(ready);
    assertThat(status.health()).isIn("EXECUTING", "STALLED", "DEAD", "STARTING");
    ByteBuffer fields = ByteBuffer.wrap(data);
    int health = data[6];
    boolean canonical =
        (data[1] == 0 || data[1] == 1)
            && fields.getInt(7) >= 0
            && (health >= 0 && health < HEALTH.length
                || health == -1
                    && fields.getInt(2) == -1
                    && fields.getInt(7) == 0
                    && fields.getInt(11) == -1);
    if (canonical) {
      ExecutionWatchdog.Status reported =
          health == -1
              ? null
              : new ExecutionWatchdog.Status(
                  status.lastExecuted(),
                  ExecutionWatchdog.Health.valueOf(status.health()),
                  status.stalledSeconds(),
                  status.leader());
      assertThat(Frames.pong(status.ready(), reported)).as("the pong re-encoded").isEqualTo(data);
    }
  }

  /**
   * Byte 0: ready (bit 0), status reported (bit 1), health; then last executed (4 bytes), seconds
   * stalled (8 bytes, any non-negative value), leader (4 bytes); missing bytes read as 0.
   */
  @FuzzTest(maxDuration = "60s")
  void pongsCarryTheStatusTheyWereMadeFrom(byte[] data) {
    ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(data, 17));
    int flags = in.get() & 0xff;
    boolean ready = (flags & 1) != 0;
    boolean reported = (flags & 2) != 0;
    ExecutionWatchdog.Health health = HEALTH[(flags >>> 2) % HEALTH.length];
    int lastExecuted = in.getInt();
    long stalled = in.getLong() & Long.MAX_VALUE;
    int leader = in.getInt();
    ExecutionWatchdog.Status status =
        reported ? new ExecutionWatchdog.Status(lastExecuted, health, stalled, leader) : null;

    byte[] pong = Frames.pong(ready, status);
    assertThat(pong).hasSize(PONG_LENGTH);
    assertThat(Frames.kind(pong)).isEqualTo(Frames.PING);
    assertThat(Frames.readyPong(pong)).isEqualTo(ready);
    ReplicaStatus read = Frames.pongStatus(0, pong);
    ReplicaStatus expected =
        reported
            ? new ReplicaStatus(
                0, ready, lastExecuted, health.name(), Math.min(stalled, Integer.MAX_VALUE), leader)
            : new ReplicaStatus(0, ready, -1, "STARTING", 0, -1);
    assertThat(read).isEqualTo(expected);
  }
}
