package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
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
 * What a client can make the relay log: 1,000 garbage records, or 1,000 calls whose client hangs up
 * (TCP reset) before the reply goes out, give one WARN line at once and one more, carrying the
 * count, after the rate limit's interval; never a line per record. The log is slf4j-simple's stderr
 * output, captured; the rate limit's clock is driven by the test.
 */
@Timeout(60)
class LogFloodTest {

  private static final int RECORDS = 1_000;
  private static final long AFTER_INTERVAL = RateLimitedWarning.DEFAULT_INTERVAL_NANOS + 1;

  private final AtomicLong now = new AtomicLong();
  private final HeldTasks workers = new HeldTasks();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream realErr;
  private Relay relay;

  /** Runs tasks at once, or holds them until {@link #runHeld()} while {@link #hold} is set. */
  private static final class HeldTasks implements Executor {
    private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile boolean hold;

    @Override
    public void execute(Runnable task) {
      if (hold) {
        held.add(task);
      } else {
        task.run();
      }
    }

    int held() {
      return held.size();
    }

    void runHeld() {
      for (Runnable task = held.poll(); task != null; task = held.poll()) {
        task.run();
      }
    }
  }

  @BeforeEach
  void start() throws IOException {
    realErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    relay =
        new Relay(
            RelayConfig.defaults(),
            new FakeNfsService(),
            new FileHandles(7),
            workers,
            now::get,
            new RpcbindRegistration("bftnfs"));
    relay.start();
  }

  @AfterEach
  void stop() {
    try {
      relay.stop();
    } finally {
      System.setErr(realErr);
      realErr.print(log());
    }
  }

  private String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Lines at WARN or ERROR (slf4j-simple) or WARNING/SEVERE (java.util.logging). */
  private List<String> warningsAndErrors() {
    return log().lines().filter(l -> l.matches(".*\\b(WARN|ERROR|WARNING|SEVERE)\\b.*")).toList();
  }

  private static byte[] nullCall(int xid) {
    return RawRpcClient.call(
        xid, nfs3.NFS_PROGRAM, 3, 0, RawRpcClient.AUTH_NONE, new byte[0], new byte[0]);
  }

  /** A record holding an RPC reply header: not a call, so the relay drops it. */
  private static byte[] garbage(int xid) {
    return ByteBuffer.allocate(12).putInt(xid).putInt(1).putInt(0).array();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void aThousandGarbageRecordsAreOneWarningAndThenOneCount() throws Exception {
    try (RawRpcClient client = new RawRpcClient(relay.nfsPort())) {
      for (int i = 0; i < RECORDS; i++) {
        client.send(garbage(i));
      }
      client.send(nullCall(RECORDS)); // answered only after every record before it was screened
      assertThat(client.receive().xid()).isEqualTo(RECORDS);
      now.addAndGet(AFTER_INTERVAL);
      client.send(garbage(RECORDS + 1));
      client.send(nullCall(RECORDS + 2));
      assertThat(client.receive().xid()).isEqualTo(RECORDS + 2);
    }
    List<String> lines = warningsAndErrors();
    assertThat(lines).as(log()).hasSize(2);
    assertThat(lines.get(0)).contains("RPC messages dropped", ": 1 since the last report");
    assertThat(lines.get(1)).contains("RPC messages dropped", ": " + RECORDS + " since the last");
  }

  @Test
  void aThousandRepliesToClientsThatHungUpAreOneWarningAndThenOneCount() throws Exception {
    workers.hold = true;
    List<RawRpcClient> clients = new ArrayList<>();
    try {
      for (int c = 0; c < 10; c++) {
        RawRpcClient client = new RawRpcClient(relay.nfsPort());
        clients.add(client);
        for (int i = 0; i < RECORDS / 10; i++) {
          client.send(nullCall(c * 1_000 + i));
        }
      }
      await(() -> workers.held() == RECORDS, "the relay holds " + RECORDS + " calls");
      for (RawRpcClient client : clients) {
        client.abort();
      }
      await(() -> relay.connections().openConnections() == 0, "the relay saw every hang-up");
      workers.runHeld();
      await(() -> relay.undeliveredReplies() == RECORDS, RECORDS + " replies not delivered");

      now.addAndGet(AFTER_INTERVAL);
      RawRpcClient last = new RawRpcClient(relay.nfsPort());
      clients.add(last);
      last.send(nullCall(99_999));
      await(() -> workers.held() == 1, "the relay holds one more call");
      last.abort();
      await(() -> relay.connections().openConnections() == 0, "the relay saw the last hang-up");
      workers.runHeld();
      await(() -> relay.undeliveredReplies() == RECORDS + 1, "one more reply not delivered");
    } finally {
      for (RawRpcClient client : clients) {
        client.close();
      }
    }
    List<String> lines = warningsAndErrors();
    assertThat(lines).as(log()).hasSize(2);
    assertThat(lines.get(0)).contains(UndeliveredReplies.WHAT, ": 1 since the last report");
    assertThat(lines.get(1))
        .contains(UndeliveredReplies.WHAT, ": " + RECORDS + " since the last report");
    assertThat(log()).doesNotContain("Failed to send RPC");
  }
}
