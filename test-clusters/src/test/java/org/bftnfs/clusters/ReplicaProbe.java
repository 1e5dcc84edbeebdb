package org.bftnfs.clusters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.testkit.nfs.NfsCalls;

/**
 * Asks every replica the same read-only question and looks at each answer separately (the relay
 * would only show the voted one): a legitimate relay's signed, unordered request, answered by each
 * replica from its own current state. Shows what a faulty replica says, and when a restarted
 * replica has caught up.
 */
final class ReplicaProbe implements AutoCloseable {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  private final DirectRelay relay;
  private final SigningKey key;
  private final int relayId;
  private final byte[] root;
  private final int n;
  private long sequence = System.currentTimeMillis() * 1000;

  /**
   * @param relayId a relay of the cluster's key set that no running relay uses
   * @param clientId an ordering-engine client id of its own
   */
  ReplicaProbe(ClusterConfig config, int relayId, int clientId) throws IOException {
    this.key = new KeyFiles(config.keys()).signingKey(KeyFiles.Role.RELAY, relayId);
    this.relayId = relayId;
    this.root = config.spec().handles().root();
    this.n = config.n();
    this.relay = new DirectRelay(config, clientId);
  }

  /** Every replica's reply to the read-only {@code call} that came within a few seconds. */
  Map<Integer, ReplyEnvelope> askAll(NfsCall call) throws InterruptedException {
    byte[] request = DirectRelay.sign(relayId, sequence++, call, key);
    return relay.send(request, true, n, ASK_TIMEOUT);
  }

  /**
   * Waits until {@code replica} lists the root directory (READDIRPLUS: names, attributes) exactly
   * as at least f+1 other replicas do.
   *
   * @return how long that took
   * @throws AssertionError if it does not within {@code timeout}
   */
  Duration awaitAgreement(int replica, int f, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() - deadline < 0) {
      Map<Integer, ReplyEnvelope> replies = askAll(NfsCalls.readdirplus(root));
      Map<ByteBuffer, Integer> others = new HashMap<>();
      replies.forEach(
          (id, r) -> {
            if (id != replica) {
              others.merge(ByteBuffer.wrap(r.content()), 1, Integer::sum);
            }
          });
      ReplyEnvelope mine = replies.get(replica);
      if (mine != null
          && mine.kind() == ReplyEnvelope.Kind.REPLY
          && others.getOrDefault(ByteBuffer.wrap(mine.content()), 0) >= f + 1) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      last =
          "replica " + replica + " is " + describe(mine) + "; all replies: " + describeAll(replies);
      TimeUnit.MILLISECONDS.sleep(200); // poll interval between two rounds of questions
    }
    throw new AssertionError(
        "replica " + replica + " did not agree with the others within " + timeout + ": " + last);
  }

  private static String describe(ReplyEnvelope r) {
    return r == null ? "no reply" : r.kind() + " (" + r.detail().length + " bytes)";
  }

  /** Each reply's kind, size and a hash of its content: which replicas agree. */
  private static String describeAll(Map<Integer, ReplyEnvelope> replies) {
    StringBuilder s = new StringBuilder();
    new java.util.TreeMap<>(replies)
        .forEach(
            (id, r) ->
                s.append(id)
                    .append('=')
                    .append(describe(r))
                    .append(' ')
                    .append(r == null ? "" : Integer.toHexString(Arrays.hashCode(r.content())))
                    .append(' '));
    return s.toString().trim();
  }

  @Override
  public void close() {
    relay.close();
  }
}
