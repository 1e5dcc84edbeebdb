package org.bftnfs.replication.ordering.smart;

import java.util.Arrays;

/**
 * The one-byte framing of requests and replies between {@link SmartClient} and {@link
 * SmartReplica}: {@link #APPLICATION} frames carry the application's bytes; {@link #PING} frames
 * are the engine's own warm-up probes, answered by the replica without calling the application,
 * with whether it has finished starting up; {@link #REJECTED} answers an unknown frame.
 *
 * <p>Framing replies also keeps them from ever starting with Java serialization's stream header:
 * the client library tries to deserialize every reply (it looks for a new view), so an application
 * reply could otherwise be read as an object.
 */
final class Frames {

  /** An application request or reply follows. */
  static final byte APPLICATION = 0;

  /** A warm-up probe, or its answer. */
  static final byte PING = 1;

  /** The answer to a request whose frame byte the replica does not know. */
  static final byte REJECTED = 2;

  private static final byte[] PING_FRAME = {PING};

  /** A pong's length: frame byte, ready byte, last executed, health byte, stalled, leader. */
  private static final int PONG_LENGTH = 15;

  private Frames() {}

  /** {@code payload} behind a frame byte {@code kind}. */
  static byte[] wrap(byte kind, byte[] payload) {
    byte[] framed = new byte[payload.length + 1];
    framed[0] = kind;
    System.arraycopy(payload, 0, framed, 1, payload.length);
    return framed;
  }

  /** A ping frame (a fresh array: the library keeps the request). */
  static byte[] ping() {
    return PING_FRAME.clone();
  }

  /**
   * The answer to a ping: a ping frame with one byte, 1 if the replica is ready, else 0, then the
   * replica's execution status (last executed consensus, health ordinal or -1 when unknown, seconds
   * stalled, the leader it follows or -1).
   */
  static byte[] pong(boolean ready, ExecutionWatchdog.Status status) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(PONG_LENGTH);
    b.put(PING).put((byte) (ready ? 1 : 0));
    b.putInt(status == null ? -1 : status.lastExecuted());
    b.put((byte) (status == null ? -1 : status.health().ordinal()));
    b.putInt((int) Math.min(Integer.MAX_VALUE, status == null ? 0 : status.stalledSeconds()));
    b.putInt(status == null ? -1 : status.leader());
    return b.array();
  }

  /** The status in a pong, or null when {@code reply} is not one. */
  static ReplicaStatus pongStatus(int replica, byte[] reply) {
    if (reply == null || reply.length != PONG_LENGTH || reply[0] != PING) {
      return null;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(reply, 1, PONG_LENGTH - 1);
    boolean ready = b.get() == 1;
    int lastExecuted = b.getInt();
    int health = b.get();
    int stalled = b.getInt();
    int leader = b.getInt();
    String healthName =
        health >= 0 && health < ExecutionWatchdog.Health.values().length
            ? ExecutionWatchdog.Health.values()[health].name()
            : "STARTING";
    return new ReplicaStatus(replica, ready, lastExecuted, healthName, stalled, leader);
  }

  /** Whether {@code reply} is a pong of a ready replica. */
  static boolean readyPong(byte[] reply) {
    return reply != null && reply.length >= 2 && reply[0] == PING && reply[1] == 1;
  }

  /** The frame byte of {@code framed}, or -1 if it is empty. */
  static int kind(byte[] framed) {
    return framed == null || framed.length == 0 ? -1 : framed[0];
  }

  /** The payload of a frame (everything after the frame byte). */
  static byte[] payload(byte[] framed) {
    return Arrays.copyOfRange(framed, 1, framed.length);
  }
}
