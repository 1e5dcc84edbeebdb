package org.bftnfs.replication.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.protocol.NfsReplyCodec;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.NfsService;
import org.bftnfs.spec.service.ServiceUnavailableException;

/**
 * The replicated file service as a relay sees it (paper §2.2, {@code invoke}): every call is signed
 * by this relay, sent through the ordering engine, and answered only when enough replicas sent the
 * same authenticated reply:
 *
 * <ul>
 *   <li>read-only calls first take the unordered path and need 2f+1 matching replies (replicas
 *       answer from their current states, which may differ); failing that, the ordered path;
 *   <li>ordered calls need f+1 matching replies (at most f replicas are faulty, so one of them is
 *       correct, and correct replicas executed the call in the agreed order).
 * </ul>
 *
 * <p>An attempt that does not complete within {@code attemptTimeout} is retransmitted with the same
 * relay sequence number (replicas never execute it twice); after {@code totalTimeout} the call
 * fails with {@link ServiceUnavailableException} (the relay answers {@code JUKEBOX}). Many calls
 * may be outstanding at once.
 */
public final class ReplicatedNfsService implements NfsService {

  private final OrderingClient engine;
  private final int relay;
  private final SigningKey key;
  private final ReplyEnvelope.ReplicaKeys replicas;
  private final ScheduledExecutorService timer;
  private final Duration attemptTimeout;
  private final Duration totalTimeout;
  private final Duration unorderedTimeout;
  private final AtomicLong sequence;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param firstSequence the first request number: larger than any this relay used before (e.g.
   *     derived from the wall clock at start; replicas reject old numbers as replays)
   */
  public ReplicatedNfsService(
      OrderingClient engine,
      int relay,
      SigningKey key,
      ReplyEnvelope.ReplicaKeys replicas,
      ScheduledExecutorService timer,
      Duration attemptTimeout,
      Duration totalTimeout,
      long firstSequence) {
    this.engine = engine;
    this.relay = relay;
    this.key = key;
    this.replicas = replicas;
    this.timer = timer;
    this.attemptTimeout = attemptTimeout;
    this.totalTimeout = totalTimeout;
    this.unorderedTimeout = attemptTimeout.dividedBy(4);
    this.sequence = new AtomicLong(firstSequence);
  }

  @Override
  public CompletionStage<NfsReply> invoke(NfsCall call) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("service closed"));
    }
    long seq = sequence.getAndIncrement();
    byte[] request = new RequestEnvelope(relay, seq, call).encode(key);
    long deadline = System.nanoTime() + totalTimeout.toNanos();
    CompletableFuture<ReplyEnvelope> reply;
    if (call.readOnly()) {
      reply =
          attempt(request, seq, true, 2 * engine.f() + 1, unorderedTimeout)
              .exceptionallyCompose(e -> ordered(request, seq, deadline));
    } else {
      reply = ordered(request, seq, deadline);
    }
    return reply.thenApply(ReplicatedNfsService::toNfsReply);
  }

  private static NfsReply toNfsReply(ReplyEnvelope r) {
    if (r.kind() == ReplyEnvelope.Kind.REJECTED) {
      throw new IllegalStateException(
          "the replicas rejected the request: " + new String(r.detail(), StandardCharsets.UTF_8));
    }
    return NfsReplyCodec.decode(r.detail());
  }

  /** Ordered attempts until one gathers f+1 matching replies or the deadline passes. */
  private CompletableFuture<ReplyEnvelope> ordered(byte[] request, long seq, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0 || closed.get()) {
      return CompletableFuture.failedFuture(
          new ServiceUnavailableException(
              "no " + (engine.f() + 1) + " matching replies within " + totalTimeout));
    }
    Duration wait = Duration.ofNanos(Math.min(left, attemptTimeout.toNanos()));
    return attempt(request, seq, false, engine.f() + 1, wait)
        .exceptionallyCompose(e -> ordered(request, seq, deadline));
  }

  private CompletableFuture<ReplyEnvelope> attempt(
      byte[] request, long seq, boolean unordered, int quorum, Duration wait) {
    QuorumCollector votes = new QuorumCollector(relay, seq, quorum, replicas);
    OrderingClient.Invocation inv = engine.invoke(request, unordered, votes::offer);
    CompletableFuture<ReplyEnvelope> result = votes.result();
    timer.schedule(
        () ->
            result.completeExceptionally(
                new ServiceUnavailableException(
                    "attempt timed out with " + votes.heard() + " replies")),
        wait.toNanos(),
        TimeUnit.NANOSECONDS);
    return result.whenComplete((r, e) -> inv.cancel());
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
