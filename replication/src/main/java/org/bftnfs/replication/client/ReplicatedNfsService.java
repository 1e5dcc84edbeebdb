package org.bftnfs.replication.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.protocol.NfsReplyCodec;
import org.bftnfs.replication.protocol.ReplyEnvelope;
import org.bftnfs.replication.protocol.RequestEnvelope;
import org.bftnfs.spec.service.CallOrigin;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.NfsService;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.service.ServiceUnavailableException;

/**
 * The replicated file service as a relay sees it (paper §2.2, {@code invoke}): every call is signed
 * by this relay, sent through the ordering engine, and answered only when enough replicas sent the
 * same authenticated reply to exactly the request sent (replies name it by digest):
 *
 * <ul>
 *   <li>read-only calls first take the unordered path and need <b>2f+1</b> matching replies
 *       (replicas answer from their current states, which may differ); as soon as the replies in
 *       hand show that 2f+1 cannot agree (replicas that have not executed the latest writes yet, or
 *       are {@linkplain ReplicaLiveness presumed down}), the ordered path;
 *   <li>ordered calls need <b>f+1</b> matching replies (at most f replicas are faulty, so one of
 *       them is correct, and correct replicas executed the call in the agreed order).
 * </ul>
 *
 * <p>An attempt that does not complete within {@code attemptTimeout} is retransmitted with the same
 * bytes (same sequence number: replicas never execute it twice); after {@code totalTimeout} the
 * call fails with {@link ServiceUnavailableException} (the relay answers {@code JUKEBOX}). A
 * client's retry of a state-changing call — the same XID, or the same call after a JUKEBOX — is
 * sent as the same request ({@link RetriedCalls}), so it is executed at most once and gets the real
 * result.
 *
 * <p>Replicas that answered differently from the accepted result are logged (rate-limited) and
 * counted ({@link #disagreements}): until a faulty replica is repaired, that is the only sign of
 * it. Many calls may be outstanding at once.
 */
public final class ReplicatedNfsService implements NfsService {

  /** How long a starting relay waits for the replicas to say whether they accept its key. */
  static final Duration REFUSAL_PROBE = Duration.ofSeconds(5);

  /** How long an answered attempt still takes late replies (liveness, dissent). */
  public static final Duration LATE_REPLIES = Duration.ofMillis(500);

  private final OrderingClient engine;
  private final int relay;
  private final SigningKey key;
  private final ReplyEnvelope.ReplicaKeys replicas;
  private final ScheduledExecutorService timer;
  private final Duration attemptTimeout;
  private final Duration totalTimeout;
  private final Duration unorderedTimeout;
  private final Clock clock;
  private final AtomicLong sequence;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReplicaLiveness liveness;
  private final RetriedCalls retried;
  private final DissentReport dissent;

  /**
   * @param firstSequence the first request number: above any this relay used before ({@link
   *     #nextSequence} asks the replicas for it)
   * @param clock the relay's clock: signed into each request (it bounds the agreed time) and used
   *     to age remembered calls
   */
  public ReplicatedNfsService(
      OrderingClient engine,
      int relay,
      SigningKey key,
      ReplyEnvelope.ReplicaKeys replicas,
      ScheduledExecutorService timer,
      Duration attemptTimeout,
      Duration totalTimeout,
      long firstSequence,
      Clock clock) {
    if (firstSequence <= RequestEnvelope.SEQUENCE_QUERY) {
      throw new IllegalArgumentException("sequence numbers start at 1, not " + firstSequence);
    }
    this.engine = engine;
    this.relay = relay;
    this.key = key;
    this.replicas = replicas;
    this.timer = timer;
    this.attemptTimeout = attemptTimeout;
    this.totalTimeout = totalTimeout;
    this.unorderedTimeout = attemptTimeout.dividedBy(4);
    this.clock = clock;
    this.sequence = new AtomicLong(firstSequence);
    this.liveness = new ReplicaLiveness(engine.n(), System::nanoTime);
    this.retried = new RetriedCalls(clock);
    this.dissent = new DissentReport(relay, engine.n());
  }

  /**
   * Asks the replicas, through the order, for the first sequence number relay {@code relay} may use
   * (above every number they executed for it): a relay that restarts continues its numbering where
   * the replicas say, whatever its clock says. Blocks up to {@code timeout}.
   *
   * @throws ServiceUnavailableException if f+1 replicas did not agree on an answer in time
   */
  public static long nextSequence(
      OrderingClient engine,
      int relay,
      SigningKey key,
      ReplyEnvelope.ReplicaKeys replicas,
      Clock clock,
      Duration timeout)
      throws ServiceUnavailableException {
    NfsCall nothing = new NfsCall(Procedure.NULL.number(), Credentials.none(), new byte[0]);
    byte[] request =
        new RequestEnvelope(relay, RequestEnvelope.SEQUENCE_QUERY, clock.millis(), nothing)
            .encode(key);
    try {
      // first ask unordered, which is quick: replicas that refuse this relay's requests say why
      ReplyEnvelope probe = askOnce(engine, relay, request, true, replicas, REFUSAL_PROBE);
      String reason = probe == null ? "" : new String(probe.detail(), StandardCharsets.UTF_8);
      if (probe != null
          && probe.kind() == ReplyEnvelope.Kind.REJECTED
          && !reason.equals(ReplyEnvelope.ORDERED_ONLY)) {
        throw new ServiceUnavailableException(
            "relay "
                + relay
                + " cannot be served: the replicas reject this relay's requests ("
                + reason
                + ")");
      }
      ReplyEnvelope r = askOnce(engine, relay, request, false, replicas, timeout);
      if (r == null) {
        throw new ServiceUnavailableException(
            "no "
                + (engine.f() + 1)
                + " matching answers to relay "
                + relay
                + "'s sequence query within "
                + timeout);
      }
      if (r.kind() != ReplyEnvelope.Kind.REPLY || r.detail().length != 8) {
        throw new ServiceUnavailableException(
            "the replicas refused relay "
                + relay
                + "'s sequence query: "
                + new String(r.detail(), StandardCharsets.UTF_8));
      }
      return ByteBuffer.wrap(r.detail()).getLong();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("interrupted while asking for the sequence number");
    }
  }

  /**
   * Sends a sequence query once and waits up to {@code wait} for f+1 matching replies to it.
   *
   * @return the agreed reply, or null if there was none in time
   */
  private static ReplyEnvelope askOnce(
      OrderingClient engine,
      int relay,
      byte[] request,
      boolean unordered,
      ReplyEnvelope.ReplicaKeys replicas,
      Duration wait)
      throws InterruptedException {
    QuorumCollector votes =
        new QuorumCollector(
            relay,
            RequestEnvelope.SEQUENCE_QUERY,
            RequestEnvelope.digest(request),
            engine.f() + 1,
            engine.n(),
            new BitSet(),
            replicas);
    OrderingClient.Invocation inv = engine.invoke(request, unordered, votes::offer);
    try {
      return votes.result().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return null;
    } finally {
      inv.cancel();
    }
  }

  @Override
  public CompletionStage<NfsReply> invoke(NfsCall call) {
    return invoke(call, null);
  }

  @Override
  public CompletionStage<NfsReply> invoke(NfsCall call, CallOrigin origin) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("service closed"));
    }
    if (origin == null || call.readOnly()) {
      return send(call, sequence.getAndIncrement(), clock.millis());
    }
    CompletableFuture<NfsReply> result = new CompletableFuture<>();
    RetriedCalls.Claim claim =
        retried.claim(origin, RequestEnvelope.callDigest(call), sequence::getAndIncrement, result);
    if (claim.joined()) {
      return claim.inFlight();
    }
    send(call, claim.sequence(), claim.sentMillis())
        .whenComplete(
            (reply, failure) -> {
              if (failure == null) {
                retried.ended(origin, false);
                result.complete(reply);
                return;
              }
              Throwable cause =
                  failure instanceof CompletionException ? failure.getCause() : failure;
              if (cause instanceof ServiceUnavailableException) {
                retried.ended(origin, true);
              } else {
                retried.forget(origin);
              }
              result.completeExceptionally(cause);
            });
    return result;
  }

  private CompletableFuture<NfsReply> send(NfsCall call, long seq, long sentMillis) {
    byte[] request = new RequestEnvelope(relay, seq, sentMillis, call).encode(key);
    byte[] digest = RequestEnvelope.digest(request);
    long deadline = System.nanoTime() + totalTimeout.toNanos();
    CompletableFuture<ReplyEnvelope> reply;
    if (call.readOnly()) {
      reply =
          attempt(request, seq, digest, true, 2 * engine.f() + 1, unorderedTimeout, call)
              .exceptionallyCompose(e -> ordered(request, seq, digest, deadline, call));
    } else {
      reply = ordered(request, seq, digest, deadline, call);
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
  private CompletableFuture<ReplyEnvelope> ordered(
      byte[] request, long seq, byte[] digest, long deadline, NfsCall call) {
    long left = deadline - System.nanoTime();
    if (left <= 0 || closed.get()) {
      return CompletableFuture.failedFuture(
          new ServiceUnavailableException(
              "no " + (engine.f() + 1) + " matching replies within " + totalTimeout));
    }
    Duration wait = Duration.ofNanos(Math.min(left, attemptTimeout.toNanos()));
    return attempt(request, seq, digest, false, engine.f() + 1, wait, call)
        .exceptionallyCompose(e -> ordered(request, seq, digest, deadline, call));
  }

  private CompletableFuture<ReplyEnvelope> attempt(
      byte[] request,
      long seq,
      byte[] digest,
      boolean unordered,
      int quorum,
      Duration wait,
      NfsCall call) {
    QuorumCollector votes =
        new QuorumCollector(
            relay,
            seq,
            digest,
            quorum,
            engine.n(),
            unordered ? liveness.presumedDown() : new BitSet(),
            replicas);
    OrderingClient.Invocation inv;
    try {
      inv =
          engine.invoke(
              request,
              unordered,
              (replica, bytes) -> {
                if (votes.offer(replica, bytes)) {
                  liveness.heard(replica);
                }
              });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new ServiceUnavailableException(e.getMessage()));
    }
    CompletableFuture<ReplyEnvelope> result = votes.result();
    // Nothing the timers or the late-reply listener keep may hold the call or its request once the
    // call is settled: with a replica down, every replica never answers, and a WRITE's 1 MiB of
    // arguments and its envelope stayed reachable from the attempt's timeout task for the whole
    // timeout (10 s): a relay with 256 MiB ran out of memory writing at 8 MiB/s.
    AtomicReference<QuorumCollector> unsettled = new AtomicReference<>(votes);
    ScheduledFuture<?> timeout =
        timer.schedule(
            () -> {
              QuorumCollector v = unsettled.get();
              if (v != null) {
                result.completeExceptionally(
                    new ServiceUnavailableException("attempt timed out with " + v.describeVotes()));
              }
            },
            wait.toNanos(),
            TimeUnit.NANOSECONDS);
    return result.whenComplete(
        (r, e) -> {
          unsettled.set(null);
          timeout.cancel(false);
          if (r == null) {
            inv.cancel();
            return;
          }
          // keep listening a little (until every replica answered): late replies keep replicas'
          // liveness fresh and show dissent. What the listener needs is let go when it has run
          // (the future of every reply stays unfinished while a replica is down).
          AtomicReference<Runnable> pending = new AtomicReference<>();
          pending.set(
              () -> {
                inv.cancel();
                if (unordered) {
                  dissent.readOnly(votes.heard(), votes.dissenters(r), call);
                } else {
                  BitSet dissenters = votes.dissenters(r);
                  dissent.ordered(dissenters, call, r.sequence(), votes.describe(dissenters, r));
                }
              });
          Runnable finish =
              () -> {
                Runnable once = pending.getAndSet(null);
                if (once != null) {
                  once.run();
                }
              };
          votes.everyoneHeard().thenRun(finish);
          try {
            timer.schedule(finish, LATE_REPLIES.toNanos(), TimeUnit.NANOSECONDS);
          } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            finish.run();
          }
        });
  }

  /**
   * How many disagreements so far ({@link DissentReport}): ordered calls with a valid reply that
   * differed from the accepted result, and read-only answers of a replica that kept differing.
   */
  public long disagreements() {
    return dissent.count();
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
