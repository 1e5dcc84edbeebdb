package org.bftnfs.replication.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.protocol.NfsReplyCodec;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;

/**
 * Coverage-guided fuzzing of what reaches a replica or a relay from outside: the request envelopes
 * any client of the ordering engine may submit (every replica must reach the same verdict on them,
 * and refuse what is not a signed envelope with {@link RequestEnvelope.Rejected}), the reply
 * envelopes a faulty replica may send a relay (refused as null), the replies' inner encoding, and
 * the cluster file an operator writes (refused with {@link ClusterConfig.Invalid}, a one-line
 * message). Nothing else may be thrown.
 *
 * <p>Regression mode runs the inputs under {@code
 * src/test/resources/org/bftnfs/replication/fuzz/ReplicationFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/testing.md). The keys are derived from fixed seeds, so signed seed inputs stay
 * valid.
 */
class ReplicationFuzzTest {

  /** Relay 0's key: seed inputs are envelopes it signed. */
  static final SigningKey RELAY = SigningKey.fromSeed(new byte[32]);

  /** Replica 1's key. */
  static final SigningKey REPLICA = SigningKey.fromSeed(filled(1));

  private static byte[] filled(int b) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) b);
    return seed;
  }

  @FuzzTest(maxDuration = "60s")
  void requestEnvelopesAreAcceptedOnlyWhenSignedAndCanonical(byte[] data) {
    RequestEnvelope e;
    try {
      e = RequestEnvelope.decode(data, id -> id == 0 ? RELAY.verifyingKey() : null);
    } catch (RequestEnvelope.Rejected refused) {
      return;
    }
    assertThat(e.encode(RELAY)).as("an accepted envelope re-encoded").isEqualTo(data);
  }

  @FuzzTest(maxDuration = "60s")
  void replyEnvelopesAreRefusedAsNullNeverThrown(byte[] data) {
    ReplyEnvelope.decode(1, data, id -> id == 1 ? REPLICA.verifyingKey() : null);
  }

  @FuzzTest(maxDuration = "60s")
  void repliesDecodeOrAreRefusedAsMalformed(byte[] data) {
    try {
      assertThat(NfsReplyCodec.encode(NfsReplyCodec.decode(data))).isEqualTo(data);
    } catch (IllegalArgumentException refused) {
      // not an encoded reply
    }
  }

  @FuzzTest(maxDuration = "60s")
  void clusterFilesLoadOrAreRefusedWithAMessage(byte[] data) throws IOException {
    Path dir = Files.createTempDirectory("bftnfs-fuzz-cluster");
    Path file = dir.resolve("cluster.properties");
    try {
      Files.write(file, data);
      ClusterConfig.load(file);
    } catch (ClusterConfig.Invalid refused) {
      assertThat(refused.getMessage()).isNotBlank();
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }
}
