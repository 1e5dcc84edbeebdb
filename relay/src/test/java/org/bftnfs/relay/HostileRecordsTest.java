package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.testkit.AllocationMeter;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfs3;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeNone;
import org.dcache.oncrpc4j.xdr.XdrVoid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tiny records whose length words claim gigabytes: the relay must refuse them without allocating
 * what they claim, and keep answering other clients.
 */
@Timeout(60)
class HostileRecordsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final int NFS = nfs3.NFS_PROGRAM;
  private static final long ALLOWED_ALLOCATION = 64L << 20;

  private final FakeNfsService service = new FakeNfsService();
  private ExecutorService workers;
  private Relay relay;

  @BeforeEach
  void start() throws IOException {
    workers = Executors.newFixedThreadPool(2);
    relay = new Relay(RelayConfig.defaults(), service, new FileHandles(7), workers);
    relay.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    relay.stop();
    workers.shutdownNow();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  /** A NULL call header (xid, CALL, rpcvers 2, NFS, 3, NULL) followed by {@code rest}. */
  private static byte[] nullCall(int xid, int... rest) {
    ByteBuffer b = ByteBuffer.allocate(24 + 4 * rest.length);
    b.putInt(xid).putInt(0).putInt(2).putInt(NFS).putInt(3).putInt(0);
    for (int word : rest) {
      b.putInt(word);
    }
    return b.array();
  }

  private void assertAnswersOthers() throws Exception {
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      client.call(NFS, 0, XdrVoid.XDR_VOID, XdrVoid.XDR_VOID, new RpcAuthTypeNone());
    }
  }

  @Test
  void aMachineNameClaimingTwoGigabytesIsBadCredentialWithoutTheAllocation() throws Exception {
    // AUTH_SYS, body 20 bytes: stamp, machine name length 0x7ffffff0, uid, gid, 0 gids; AUTH_NONE
    byte[] call = nullCall(1, 1, 20, 0, 0x7ffffff0, 0, 0, 0, 0, 0);
    assertRejectedCheaply(call, 1); // AUTH_BADCRED
  }

  @Test
  void aGidCountClaimingFourGigabytesIsBadCredentialWithoutTheAllocation() throws Exception {
    // AUTH_SYS, body 20 bytes: stamp, empty machine name, uid, gid, gid count 0x3fffffff
    byte[] call = nullCall(2, 1, 20, 0, 0, 0, 0, 0x3fffffff, 0, 0);
    assertRejectedCheaply(call, 1); // AUTH_BADCRED
  }

  @Test
  void aCredentialBodyOverFourHundredBytesIsBadCredential() throws Exception {
    int[] words = new int[2 + 101 + 2];
    words[0] = 0; // AUTH_NONE with a 404-byte body
    words[1] = 404;
    assertRejectedCheaply(nullCall(3, words), 1);
  }

  @Test
  void anAuthSysBodyThatDoesNotMatchItsLengthIsBadCredential() throws Exception {
    // body length says 24 but the fields take 20: oncrpc4j would read the verifier off by 4
    byte[] call = nullCall(4, 1, 24, 0, 0, 0, 0, 0, 0, 0, 0);
    assertRejectedCheaply(call, 1);
  }

  @Test
  void aVerifierClaimingTwoGigabytesIsBadVerifierWithoutTheAllocation() throws Exception {
    byte[] call = nullCall(5, 0, 0, 0, 0x7ffffff0);
    assertRejectedCheaply(call, 3); // AUTH_BADVERF
  }

  @Test
  void aReplyMessageWithAHugeVerifierIsDroppedWithoutTheAllocation() throws Exception {
    // xid, REPLY, MSG_ACCEPTED, verifier AUTH_NONE of 0x7ffffff0 bytes, SUCCESS
    byte[] reply = ByteBuffer.allocate(24).putInt(9).putInt(1).putInt(0).putInt(0).array();
    ByteBuffer.wrap(reply).putInt(16, 0x7ffffff0);
    AllocationMeter meter = new AllocationMeter();
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      for (int i = 0; i < 5; i++) {
        raw.send(reply);
      }
      // the connection still works: the next call on it is answered
      raw.send(nullCall(10, 0, 0, 0, 0));
      RawRpcClient.Reply answer = receiveOrNull(raw);
      assertThat(meter.allocatedBytes()).isLessThan(ALLOWED_ALLOCATION);
      assertThat(answer).isNotNull();
      assertThat(answer.xid()).isEqualTo(10);
      assertThat(answer.acceptStat()).isEqualTo(0);
    }
    assertAnswersOthers();
  }

  private static RawRpcClient.Reply receiveOrNull(RawRpcClient raw) {
    try {
      return raw.receive();
    } catch (IOException e) {
      return null;
    }
  }

  private void assertRejectedCheaply(byte[] call, int authStat) throws Exception {
    AllocationMeter meter = new AllocationMeter();
    List<Object> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
        raw.send(call);
        outcomes.add(raw.receive());
      } catch (IOException e) {
        outcomes.add(e);
      }
    }
    // first the memory: the claimed lengths must not have been allocated, answered or not
    assertThat(meter.allocatedBytes()).isLessThan(ALLOWED_ALLOCATION);
    for (Object outcome : outcomes) {
      assertThat(outcome).isInstanceOf(RawRpcClient.Reply.class);
      RawRpcClient.Reply reply = (RawRpcClient.Reply) outcome;
      assertThat(reply.xid()).isEqualTo(ByteBuffer.wrap(call).getInt());
      assertThat(reply.replyStat()).isEqualTo(1); // MSG_DENIED
      assertThat(reply.rejectStat()).isEqualTo(1); // AUTH_ERROR
      assertThat(reply.authStat()).isEqualTo(authStat);
    }
    assertThat(service.noCalls()).isTrue();
    assertAnswersOthers();
  }
}
