package org.bftnfs.replication.ordering.smart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the seed inputs of {@link FramesFuzzTest}: frames of every kind (application requests and
 * replies, pings, pongs of starting, executing, stalled and dead replicas, rejections), near misses
 * (a pong one byte short or long, an unknown health, a two-byte ready answer, Java serialization's
 * stream header) and pong fields for the round trip. A tool, run by hand when the framing changes:
 *
 * <pre>
 * mvn -q -o -pl replication -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp replication/target/test-classes:replication/target/classes:$(cat /tmp/cp) \
 *     org.bftnfs.replication.ordering.smart.FramesFuzzSeeds \
 *     replication/src/test/resources/org/bftnfs/replication/ordering/smart/FramesFuzzTestInputs
 * </pre>
 */
public final class FramesFuzzSeeds {

  private FramesFuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path inputs = Path.of(args[0]);
    List<byte[]> frames = new ArrayList<>();
    frames.add(Frames.ping());
    frames.add(Frames.pong(false, null));
    frames.add(Frames.pong(true, null));
    frames.add(
        Frames.pong(
            true, new ExecutionWatchdog.Status(41, ExecutionWatchdog.Health.EXECUTING, 0, 1)));
    frames.add(
        Frames.pong(
            true, new ExecutionWatchdog.Status(41, ExecutionWatchdog.Health.STALLED, 35, 3)));
    frames.add(
        Frames.pong(
            false, new ExecutionWatchdog.Status(7, ExecutionWatchdog.Health.DEAD, 1L << 40, 0)));
    byte[] unknownHealth = Frames.pong(true, null);
    unknownHealth[6] = 9;
    frames.add(unknownHealth);
    frames.add(Arrays.copyOf(Frames.pong(true, null), 14));
    frames.add(Arrays.copyOf(Frames.pong(true, null), 16));
    frames.add(new byte[] {Frames.PING, 1});
    frames.add(new byte[] {Frames.REJECTED});
    frames.add(new byte[0]);
    frames.add(Frames.wrap(Frames.APPLICATION, new byte[0]));
    frames.add(Frames.wrap(Frames.APPLICATION, new byte[] {0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 3}));
    frames.add(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5});
    write(inputs, "framesAreReadTheSameWayOnBothSides", frames);

    List<byte[]> fields = new ArrayList<>();
    fields.add(fields(0, 0, 0, 0));
    fields.add(fields(1, 0, 0, 0));
    fields.add(fields(3, 41, 0, 1)); // ready, EXECUTING
    fields.add(fields(2 | 4, 41, 35, 3)); // not ready, STALLED
    fields.add(fields(3 | 8, -1, 1L << 40, -1)); // DEAD, stalled beyond an int
    fields.add(fields(3, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE));
    fields.add(new byte[] {3});
    write(inputs, "pongsCarryTheStatusTheyWereMadeFrom", fields);
  }

  private static byte[] fields(int flags, int lastExecuted, long stalled, int leader) {
    return ByteBuffer.allocate(17)
        .put((byte) flags)
        .putInt(lastExecuted)
        .putLong(stalled)
        .putInt(leader)
        .array();
  }

  private static void write(Path inputs, String method, List<byte[]> seeds) throws IOException {
    Path dir = inputs.resolve(method);
    Files.createDirectories(dir);
    for (int k = 0; k < seeds.size(); k++) {
      Files.write(dir.resolve(String.format("seed-%02d", k)), seeds.get(k));
    }
  }
}
