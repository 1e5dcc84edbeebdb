package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.protocol.NfsReplyCodec;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests are authenticated by the relay and executed at most once (docs/replication.md: the
 * project's own layer over the ordering engine's weak client authentication; paper §2.2: replicas
 * execute each request of a client once, in order). The replicas' decisions depend only on the
 * request bytes and the keys, so every correct replica decides the same:
 *
 * <ul>
 *   <li>a relay process whose key file was replaced by another key does not start, and says why:
 *       the replicas refuse to order its requests;
 *   <li>a request from a relay id outside the cluster's key set, or signed with the wrong key, is
 *       never ordered (no replica answers it on the ordered path) and is rejected by every replica
 *       on the read-only path;
 *   <li>the exact bytes of an earlier signed request, replayed through another engine client after
 *       the name it created was removed, are answered from the reply cache or rejected — never
 *       executed again (the name would reappear).
 * </ul>
 *
 * The tests share one cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(240)
class RelayAuthenticationIT {

  /** The relay id the test signs as (the relay process is relay 0). */
  private static final int TEST_RELAY = 1;

  private static final Duration REPLIES = Duration.ofSeconds(10);

  private Path dir;
  private Path work;
  private ProcessCluster cluster;
  private NfsTestClient client;
  private byte[] root;

  @BeforeAll
  void startCluster(@TempDir Path temp) throws Exception {
    Ganesha.assumeAvailable();
    Libnfs.assumeInstalled();
    dir = temp;
    work = Files.createDirectories(temp.resolve("client"));
    cluster =
        ProcessCluster.start(
            temp.resolve("RelayAuthenticationIT"), ProcessCluster.MIXED, 2, Map.of());
    client = new NfsTestClient(cluster.relay().port(), Duration.ofSeconds(60));
    root = client.mount(cluster.relay().export());
  }

  @AfterAll
  void stopCluster() throws Exception {
    ProcessCluster.closeBoth(client, cluster);
  }

  /** The status of LOOKUP of {@code name} in the root through the legitimate relay. */
  private int lookup(String name) throws Exception {
    NfsCall call = NfsCalls.lookup(root, name);
    return NfsCalls.status(call, client.call(call));
  }

  @Test
  @Order(1)
  void aRelayWhoseKeyFileWasReplacedDoesNotStartAndSaysWhy() throws Exception {
    // what relay 1's host would hold, but with a key of its own instead of the cluster's
    ClusterConfig config = cluster.config();
    Path forgedKeys = Files.createDirectories(dir.resolve("forged-keys"));
    for (int i = 0; i < config.n(); i++) {
      String pub = "replica-" + i + ".pub";
      Files.copy(config.keys().resolve(pub), forgedKeys.resolve(pub));
    }
    new KeyFiles(forgedKeys).generate(KeyFiles.Role.RELAY, TEST_RELAY, new SecureRandom());
    Path forgedConfig = dir.resolve("forged.properties");
    new ClusterConfig(
            config.f(),
            forgedKeys,
            config.replicas(),
            config.relays(),
            config.spec(),
            config.leaderTimeout(),
            config.checkpointPeriod(),
            config.recovery())
        .write(forgedConfig);
    ChildProcess forged = cluster.launchRelay(forgedConfig, TEST_RELAY, "forged-relay-1");
    int exit = forged.awaitExit(ProcessCluster.START_TIMEOUT);
    System.out.printf("RelayAuthenticationIT: the forged relay said: %s%n", forged.tail().strip());
    assertThat(exit).as("the forged relay's exit code").isNotZero();
    assertThat(forged.output())
        .contains("the replicas reject this relay's requests (bad signature from relay 1)");
    assertThat(forged.output()).doesNotContain("ready: ");

    assertThat(lookup("forged.txt")).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    Libnfs legit = Libnfs.run(work, "nfs-ls", cluster.relay().url());
    assertThat(legit.exitCode()).as(legit.toString()).isZero();
  }

  @Test
  @Order(2)
  void anUnknownRelayOrAWrongSignatureIsNeverOrderedAndRejectedByEveryReplica() throws Exception {
    SigningKey stranger = SigningKey.generate(new SecureRandom());
    long seq = System.currentTimeMillis() * 1000;
    try (DirectRelay direct = new DirectRelay(cluster.config(), 1100)) {
      byte[] unknown = DirectRelay.sign(7, seq, NfsCalls.create(root, "intruder", true), stranger);
      assertThat(direct.send(unknown, false, 4, REPLIES))
          .as("replies to an ordered request from an unknown relay")
          .isEmpty();
      byte[] badSignature =
          DirectRelay.sign(TEST_RELAY, seq, NfsCalls.create(root, "intruder", true), stranger);
      assertThat(direct.send(badSignature, false, 4, REPLIES))
          .as("replies to an ordered request with a bad signature")
          .isEmpty();

      byte[] unknownRead = DirectRelay.sign(7, seq, NfsCalls.lookup(root, "intruder"), stranger);
      assertEveryReplyRejected(direct.send(unknownRead, true, 4, REPLIES), "unknown relay 7");
      byte[] badRead =
          DirectRelay.sign(TEST_RELAY, seq, NfsCalls.lookup(root, "intruder"), stranger);
      assertEveryReplyRejected(
          direct.send(badRead, true, 4, REPLIES), "bad signature from relay " + TEST_RELAY);
    }
    assertThat(lookup("intruder")).isEqualTo(nfsstat3.NFS3ERR_NOENT);
  }

  private static void assertEveryReplyRejected(Map<Integer, ReplyEnvelope> replies, String why) {
    assertThat(replies.size()).as("replicas that answered").isGreaterThanOrEqualTo(3);
    replies.forEach(
        (id, r) -> {
          assertThat(r.kind()).as("replica %d's answer", id).isEqualTo(ReplyEnvelope.Kind.REJECTED);
          assertThat(new String(r.detail(), StandardCharsets.UTF_8)).contains(why);
        });
  }

  @Test
  @Order(3)
  void aReplayedCreateIsAnsweredFromTheCacheOrRejectedButNeverExecutedAgain() throws Exception {
    SigningKey key =
        new KeyFiles(cluster.config().keys()).signingKey(KeyFiles.Role.RELAY, TEST_RELAY);
    long seq = System.currentTimeMillis() * 1000;
    byte[] create = DirectRelay.sign(TEST_RELAY, seq, NfsCalls.create(root, "replayed", true), key);
    byte[] remove = DirectRelay.sign(TEST_RELAY, seq + 1, NfsCalls.remove(root, "replayed"), key);

    ReplyEnvelope created;
    try (DirectRelay first = new DirectRelay(cluster.config(), 1101)) {
      created = agreedOk(first.send(create, false, 4, REPLIES), "CREATE");
      assertThat(lookup("replayed")).isEqualTo(nfsstat3.NFS3_OK);
      agreedOk(first.send(remove, false, 4, REPLIES), "REMOVE");
      assertThat(lookup("replayed")).isEqualTo(nfsstat3.NFS3ERR_NOENT);
    }

    try (DirectRelay replayer = new DirectRelay(cluster.config(), 1102)) {
      Map<Integer, ReplyEnvelope> replies = replayer.send(create, false, 4, REPLIES);
      assertThat(replies.size()).as("replicas that answered the replay").isGreaterThanOrEqualTo(3);
      replies.forEach(
          (id, r) -> {
            if (r.kind() == ReplyEnvelope.Kind.REPLY) {
              assertThat(r.content())
                  .as("replica %d answered the replay from its reply cache", id)
                  .isEqualTo(created.content());
            } else {
              assertThat(r.kind())
                  .as("replica %d's answer", id)
                  .isEqualTo(ReplyEnvelope.Kind.REJECTED);
            }
          });
      System.out.printf(
          "RelayAuthenticationIT: the replayed CREATE was answered %s%n",
          replies.values().stream().map(r -> r.replica() + ":" + r.kind()).toList());
    }
    assertThat(lookup("replayed"))
        .as("the name did not come back")
        .isEqualTo(nfsstat3.NFS3ERR_NOENT);
  }

  /** Asserts at least 2f+1 replicas answered the same NFS3_OK reply; returns one of them. */
  private static ReplyEnvelope agreedOk(Map<Integer, ReplyEnvelope> replies, String what) {
    assertThat(replies.size()).as("replicas that answered the %s", what).isGreaterThanOrEqualTo(3);
    ReplyEnvelope any = replies.values().iterator().next();
    replies.forEach(
        (id, r) -> {
          assertThat(r.kind())
              .as("replica %d's answer to the %s", id, what)
              .isEqualTo(ReplyEnvelope.Kind.REPLY);
          assertThat(r.content())
              .as("replica %d's answer to the %s", id, what)
              .isEqualTo(any.content());
        });
    int status = ByteBuffer.wrap(NfsReplyCodec.decode(any.detail()).result()).getInt();
    assertThat(status).as("%s status", what).isEqualTo(nfsstat3.NFS3_OK);
    return any;
  }

  @Test
  @Order(4)
  void afterACleanStopEveryReplicaHoldsTheSameAbstractState() throws Exception {
    client.close();
    client = null;
    assertThat(cluster.stopCleanlyWhenCaughtUp(Duration.ofSeconds(120)))
        .as("processes that did not stop cleanly")
        .isEmpty();
    AbstractStates.assertIdentical(cluster.config(), 0, 1, 2, 3);
  }
}
