package org.bftnfs.replication.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bftnfs.replication.protocol.NfsReplyCodec;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;

/**
 * Writes the seed inputs of {@link ReplicationFuzzTest}: envelopes signed with its fixed keys,
 * encoded replies, and a cluster file. A tool, run by hand when a format changes, as {@code
 * SpecFuzzSeeds} is (with this module's test class path) with the inputs directory {@code
 * replication/src/test/resources/org/bftnfs/replication/fuzz/ReplicationFuzzTestInputs} as its
 * argument.
 */
public final class ReplicationFuzzSeeds {

  private ReplicationFuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path inputs = Path.of(args[0]);
    byte[] handle = {0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 3};
    byte[] getattr = new byte[4 + handle.length];
    getattr[3] = (byte) handle.length;
    System.arraycopy(handle, 0, getattr, 4, handle.length);
    RequestEnvelope[] requests = {
      new RequestEnvelope(0, RequestEnvelope.SEQUENCE_QUERY, 1_700_000_000_000L, nullCall()),
      new RequestEnvelope(
          0, 17, 1_700_000_000_123L, new NfsCall(1, Credentials.unix(1000, 1000), getattr)),
      new RequestEnvelope(
          0, 18, 1_700_000_000_456L, new NfsCall(1, Credentials.unix(0, 0, 1, 2, 3), getattr)),
    };
    int k = 0;
    for (RequestEnvelope r : requests) {
      write(
          inputs,
          "requestEnvelopesAreAcceptedOnlyWhenSignedAndCanonical",
          k++,
          r.encode(ReplicationFuzzTest.RELAY));
    }
    byte[] digest = RequestEnvelope.digest(requests[1].encode(ReplicationFuzzTest.RELAY));
    NfsReply ok = NfsReply.success(new byte[] {0, 0, 0, 0, 1, 2, 3, 4});
    ReplyEnvelope[] replies = {
      new ReplyEnvelope(1, 0, 17, digest, ReplyEnvelope.Kind.REPLY, NfsReplyCodec.encode(ok)),
      new ReplyEnvelope(
          1,
          0,
          17,
          digest,
          ReplyEnvelope.Kind.REJECTED,
          ReplyEnvelope.ORDERED_ONLY.getBytes(StandardCharsets.UTF_8)),
    };
    k = 0;
    for (ReplyEnvelope r : replies) {
      write(
          inputs,
          "replyEnvelopesAreRefusedAsNullNeverThrown",
          k++,
          r.encode(ReplicationFuzzTest.REPLICA));
    }
    write(inputs, "repliesDecodeOrAreRefusedAsMalformed", 0, NfsReplyCodec.encode(ok));
    write(
        inputs,
        "repliesDecodeOrAreRefusedAsMalformed",
        1,
        NfsReplyCodec.encode(NfsReply.garbageArgs()));
    String cluster =
        "f = 1\n"
            + "keys = keys\n"
            + "relays = 1\n"
            + "replica.0.address = 127.0.0.1:7000\n"
            + "replica.0.backend = local\n"
            + "replica.0.data = data/replica-0\n"
            + "replica.1.address = 127.0.0.1:7010\n"
            + "replica.1.backend = ganesha\n"
            + "replica.1.data = data/replica-1\n"
            + "replica.2.address = 127.0.0.1:7020\n"
            + "replica.2.backend = local\n"
            + "replica.2.data = data/replica-2\n"
            + "replica.3.address = 127.0.0.1:7030\n"
            + "replica.3.backend = ganesha\n"
            + "replica.3.data = data/replica-3\n"
            + "replica.3.metricsPort = 9100\n"
            + "spec.capacity = 65536\n"
            + "spec.maxBytes = 17179869184\n"
            + "spec.maxFileSize = 4294967296\n"
            + "ordering.leaderTimeout = 2000\n"
            + "ordering.checkpointPeriod = 128\n"
            + "recovery.period = 240\n"
            + "recovery.stagger = 48\n"
            + "recovery.scrubPerSecond = 64\n"
            + "recovery.emptyExport = false\n";
    write(
        inputs,
        "clusterFilesLoadOrAreRefusedWithAMessage",
        0,
        cluster.getBytes(StandardCharsets.UTF_8));
  }

  private static NfsCall nullCall() {
    return new NfsCall(0, Credentials.none(), new byte[0]);
  }

  private static void write(Path inputs, String method, int k, byte[] bytes) throws IOException {
    Path dir = inputs.resolve(method);
    Files.createDirectories(dir);
    Files.write(dir.resolve("seed-" + k), bytes);
  }
}
