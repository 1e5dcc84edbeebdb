package org.bftnfs.spec.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.spec.AgreedValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The unreplicated service: serial execution, agreed time per execution, failures surfaced. */
class SerialServiceTest {

  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void executesInOrderWithIncreasingLogicalTime() throws Exception {
    List<AgreedValues> seen = new ArrayList<>();
    SerialService s =
        new SerialService(
            (call, agreed) -> {
              seen.add(agreed);
              return NfsReply.success(new byte[] {(byte) call.procedure()});
            },
            executor,
            new LogicalAgreedTime());
    for (int p = 1; p <= 3; p++) {
      NfsReply r =
          s.invoke(new NfsCall(p, Credentials.none(), new byte[0])).toCompletableFuture().get();
      assertThat(r.result()).containsExactly(p);
    }
    assertThat(seen)
        .containsExactly(
            new AgreedValues(1_000_000_000, 1_000),
            new AgreedValues(1_000_000_000, 2_000),
            new AgreedValues(1_000_000_000, 3_000));
  }

  @Test
  void aFailingExecutionFailsItsStageOnly() throws Exception {
    SerialService s =
        new SerialService(
            (call, agreed) -> {
              if (call.procedure() == 1) {
                throw new IllegalStateException("backend died");
              }
              return NfsReply.success(new byte[0]);
            },
            executor,
            new LogicalAgreedTime());
    assertThatThrownBy(
            () ->
                s.invoke(new NfsCall(1, Credentials.none(), new byte[0]))
                    .toCompletableFuture()
                    .get())
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("backend died");
    assertThat(
            s.invoke(new NfsCall(2, Credentials.none(), new byte[0]))
                .toCompletableFuture()
                .get()
                .outcome())
        .isEqualTo(NfsReply.Outcome.SUCCESS);
    s.close();
    assertThatThrownBy(
            () ->
                s.invoke(new NfsCall(2, Credentials.none(), new byte[0]))
                    .toCompletableFuture()
                    .get())
        .hasRootCauseMessage("service closed");
  }
}
