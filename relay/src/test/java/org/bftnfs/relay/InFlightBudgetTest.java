package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.RawXdr;
import org.bftnfs.testkit.nfs.NfsArgs;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay bounds the calls it holds in flight (a relay with 256 MiB of heap ran out of memory
 * with some 200 one-MiB WRITEs waiting for a slow cluster): a call that does not fit waits until an
 * earlier one is answered, and one that waits too long is answered JUKEBOX; room comes back when
 * replies go out.
 */
class InFlightBudgetTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int WRITE_BYTES = 64 * 1024;

  private final FakeNfsService service = new FakeNfsService();
  private final List<CompletableFuture<NfsReply>> held = new CopyOnWriteArrayList<>();
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private Relay relay;

  private InFlightBudget start(long bytes, Duration wait) throws Exception {
    InFlightBudget budget = new InFlightBudget(bytes, wait);
    service.answer(
        call -> {
          CompletableFuture<NfsReply> reply = new CompletableFuture<>();
          held.add(reply);
          return reply;
        });
    relay =
        new Relay(
            RelayConfig.defaults(),
            service,
            new FileHandles(7),
            workers,
            System::nanoTime,
            new RpcbindRegistration("bftnfs"),
            budget);
    relay.start();
    return budget;
  }

  @AfterEach
  void stop() throws InterruptedException {
    held.forEach(h -> h.complete(NfsReply.success(new byte[4])));
    if (relay != null) {
      relay.stop();
    }
    workers.shutdownNow();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static Object write() {
    return NfsArgs.write(new FileHandles(7).root(), 0, new byte[WRITE_BYTES]);
  }

  @Test
  void aCallThatDoesNotFitWaitsForAnEarlierReply() throws Exception {
    // room for four 64 KiB WRITEs (each costs 8 x (64 KiB and its header fields) + 4 KiB), not five
    InFlightBudget budget = start(2200 * 1024, Duration.ofSeconds(30));
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      List<CompletableFuture<RpcReply>> sent = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 5; i++) {
        sent.add(
            client.send(nfs3.NFS_PROGRAM, 7, (org.dcache.oncrpc4j.xdr.XdrAble) write(), auth()));
      }
      for (int i = 0; i < 4; i++) {
        service.nextCall();
      }
      int cost = budget.total() - budget.available();
      assertThat(budget.available())
          .as("the fifth WRITE does not fit beside four (%d KiB taken)", cost)
          .isLessThan(cost / 4);

      held.get(0).complete(NfsReply.success(new byte[] {0, 0, 0, 0}));
      service.nextCall(); // the fifth reaches the service once one of the four is answered
      assertThat(held).hasSize(5);
      // the one answered got its reply (workers hand calls to the service in any order)
      CompletableFuture.anyOf(sent.subList(0, 4).toArray(new CompletableFuture<?>[0]))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aCallThatWaitsTooLongIsAnsweredJukeboxAndRoomComesBackWithTheReplies() throws Exception {
    InFlightBudget budget = start(600 * 1024, Duration.ofMillis(200));
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      CompletableFuture<RpcReply> first =
          client.send(nfs3.NFS_PROGRAM, 7, (org.dcache.oncrpc4j.xdr.XdrAble) write(), auth());
      service.nextCall();
      RawXdr refused =
          client.call(
              nfs3.NFS_PROGRAM, 7, (org.dcache.oncrpc4j.xdr.XdrAble) write(), new RawXdr(), auth());
      assertThat(refused.bytes())
          .as("WRITE answered NFS3ERR_JUKEBOX")
          .startsWith(Procedure.WRITE.failureResult(nfsstat3.NFS3ERR_JUKEBOX));
      assertThat(service.noCalls()).isTrue();

      held.get(0).complete(NfsReply.success(new byte[] {0, 0, 0, 0}));
      client.decode(first, new RawXdr());
      assertThat(budget.available()).isEqualTo(budget.total());
    }
  }

  private static RpcAuthTypeUnix auth() {
    return new RpcAuthTypeUnix(0, 0, new int[0], 0, "test");
  }
}
