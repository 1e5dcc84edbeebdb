package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.xdr.nfs.nfs3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay with small {@link ConnectionLimits}: a connection cap, a bound on buffered bytes with
 * back-pressure, and timeouts for incomplete records and idle connections, driven by a manual
 * clock.
 */
@Timeout(60)
class ConnectionLimitsTest {

  private static final int NFS = nfs3.NFS_PROGRAM;
  private static final long MIB = 1 << 20;

  private final FakeNfsService service = new FakeNfsService();
  private final AtomicLong clock = new AtomicLong();
  private final List<Socket> sockets = new ArrayList<>();
  private ExecutorService workers;
  private ExecutorService writers;
  private Relay relay;

  @BeforeEach
  void createPools() {
    workers = Executors.newFixedThreadPool(2);
    writers = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (relay != null) {
      relay.stop();
    }
    workers.shutdownNow();
    writers.shutdownNow();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(writers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private void start(ConnectionLimits limits) throws IOException {
    RelayConfig config = RelayConfig.defaults().withLimits(limits);
    relay =
        new Relay(
            config,
            service,
            new FileHandles(7),
            workers,
            clock::get,
            new RpcbindRegistration("bftnfs"));
    relay.start();
  }

  private static byte[] nullCall(int xid) {
    return RawRpcClient.call(xid, NFS, 3, 0, RawRpcClient.AUTH_NONE, new byte[0], new byte[0]);
  }

  private static void assertAnswered(RawRpcClient client, int xid) throws IOException {
    client.send(nullCall(xid));
    RawRpcClient.Reply reply = client.receive();
    assertThat(reply.xid()).isEqualTo(xid);
    assertThat(reply.acceptStat()).isEqualTo(0);
  }

  /** Polls {@code condition} every 20 ms for at most 10 s. */
  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  @Test
  void connectionsBeyondTheCapAreClosedAndTheServerKeepsServingTheOthers() throws Exception {
    start(new ConnectionLimits(4, MIB, Duration.ofSeconds(30), Duration.ofMinutes(10)));
    List<RawRpcClient> admitted = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawRpcClient client = new RawRpcClient(relay.nfsPort());
        admitted.add(client);
        assertAnswered(client, i);
      }
      try (RawRpcClient fifth = new RawRpcClient(relay.nfsPort())) {
        assertThat(fifth.closedByServer()).isTrue();
      }
      assertAnswered(admitted.get(0), 10);
      admitted.remove(3).close();
      assertThat(eventually(() -> relay.connections().openConnections() == 3)).isTrue();
      try (RawRpcClient again = new RawRpcClient(relay.nfsPort())) {
        assertAnswered(again, 11);
      }
    } finally {
      for (RawRpcClient c : admitted) {
        c.close();
      }
    }
  }

  @Test
  void halfSentRecordsAreHeldWithinTheBufferLimitAndOthersAreStillServed() throws Exception {
    long limit = 256 << 10;
    start(new ConnectionLimits(100, limit, Duration.ofSeconds(30), Duration.ofMinutes(10)));
    int connections = 16;
    int announced = (int) MIB; // within the default record limit
    for (int i = 0; i < connections; i++) {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.nfsPort());
      sockets.add(socket);
      OutputStream out = socket.getOutputStream();
      // all but the last byte of the record; blocks once the relay stops reading
      writers.execute(
          () -> {
            try {
              out.write(ByteBuffer.allocate(4).putInt(0x80000000 | announced).array());
              out.write(new byte[announced - 1]);
            } catch (IOException e) {
              // the socket is closed at the end of the test
            }
          });
    }
    // the relay reads until the limit is reached, then stops: the count settles
    long[] last = {-1};
    assertThat(
            eventually(
                () -> {
                  long now = relay.connections().bufferedBytes();
                  boolean settled = now > 0 && now == last[0];
                  last[0] = now;
                  return settled && sleepQuietly(300) && now == relay.connections().bufferedBytes();
                }))
        .isTrue();
    long held = relay.connections().bufferedBytes();
    System.out.println("buffered with " + connections + " half-sent 1 MiB records: " + held);
    // at most one read (a socket buffer) beyond the limit per connection; far below 16 MiB
    assertThat(held).isLessThan(limit + connections * (256L << 10)).isLessThan(connections * MIB);
    try (RawRpcClient other = new RawRpcClient(relay.nfsPort())) {
      assertAnswered(other, 1);
    }
    // paused connections are not read, so they are released by the record timeout
    clock.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(eventually(() -> relay.connections().bufferedBytes() == 0)).isTrue();
    assertThat(eventually(() -> relay.connections().openConnections() == 0)).isTrue();
  }

  private static boolean sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void anIncompleteRecordTimesOutAndAnIdleConnectionLater() throws Exception {
    start(new ConnectionLimits(10, MIB, Duration.ofSeconds(30), Duration.ofMinutes(10)));
    try (RawRpcClient slow = new RawRpcClient(relay.nfsPort());
        RawRpcClient quiet = new RawRpcClient(relay.nfsPort())) {
      slow.sendRaw(ByteBuffer.allocate(4 + 100).putInt(0x80000000 | 1000).array());
      assertAnswered(quiet, 1);
      assertThat(eventually(() -> relay.connections().bufferedBytes() == 104)).isTrue();

      clock.addAndGet(Duration.ofSeconds(29).toNanos());
      assertAnswered(quiet, 2); // nothing has timed out yet
      clock.addAndGet(Duration.ofSeconds(2).toNanos());
      assertThat(slow.closedByServer()).isTrue();
      assertThat(relay.connections().bufferedBytes()).isZero();
      assertAnswered(quiet, 3); // sending resets the idle time

      clock.addAndGet(Duration.ofMinutes(9).toNanos());
      assertAnswered(quiet, 4);
      clock.addAndGet(Duration.ofMinutes(11).toNanos());
      assertThat(quiet.closedByServer()).isTrue();
    }
  }
}
