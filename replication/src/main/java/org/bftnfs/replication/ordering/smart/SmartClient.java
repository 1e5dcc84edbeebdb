package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.client.ReplyListener;
import bftsmart.reconfiguration.util.TOMConfiguration;
import bftsmart.reconfiguration.views.MemoryBasedViewStorage;
import bftsmart.tom.AsynchServiceProxy;
import bftsmart.tom.RequestContext;
import bftsmart.tom.core.messages.TOMMessage;
import bftsmart.tom.core.messages.TOMMessageType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bftnfs.replication.ordering.OrderingClient;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrderingClient} on one BFT-SMaRt {@link AsynchServiceProxy}: every invocation goes to all
 * n replicas with {@code invokeAsynchRequest(request, targets, listener, ORDERED_REQUEST or
 * UNORDERED_REQUEST)}; every reply is handed on as it arrives, with the replying replica's id; the
 * caller counts matching replies (quorum 2f+1 for n = 3f+1, as the library's own proxy does) and
 * cancels ({@code cleanAsynchRequest}). Many invocations may be outstanding, from any thread.
 *
 * <p>Reply handlers run on a Netty thread that holds the proxy's receive lock: they must not block.
 * A replica may answer the same invocation more than once (it re-sends cached replies): count
 * distinct replicas. Replies from a cancelled invocation are not delivered, even if they race with
 * {@link Invocation#cancel}.
 *
 * <p>A dead replica does not slow invocations down: sends go through {@link UnstalledSend}.
 *
 * <p>Warm-up: a replica sends replies to a client only once it has received a message from that
 * client on its current connection, and requests that wait while the group is still starting up
 * time out and make the replicas change leader for nothing. {@link #connect} therefore pings (an
 * unordered request answered by the replicas' engine layer, not the application, with whether the
 * replica has finished starting up) every {@value #PING_ROUND_MILLIS} ms until all n replicas
 * answered ready, or after {@value #ALL_REPLICAS_MILLIS} ms until 2f+1 did; it fails if that takes
 * more than {@value #QUORUM_MILLIS} ms. When a replica restarts, the library reconnects to it about
 * 10 s after the connection dropped (its fixed back-off); the replica then learns the client again
 * from the next invocation sent, and answers from then on (the invocations it orders before that
 * are answered by the others only).
 *
 * <p>Other library behaviour callers should know: {@link #invoke} throws {@link
 * IllegalStateException} when fewer than f+1 replicas are connected (the library refuses to send;
 * its bookkeeping of that one invocation stays behind); client ids must be unique among live
 * clients and at least n (replicas use 0..n-1); the library prints to standard output (connection
 * events, stack traces of refused connections).
 */
public final class SmartClient implements OrderingClient {

  private static final Logger LOG = LoggerFactory.getLogger(SmartClient.class);

  /** How long the warm-up waits for every replica before it settles for a quorum. */
  static final long ALL_REPLICAS_MILLIS = 1000;

  /** How long the warm-up waits for a quorum of ready replicas before {@link #connect} fails. */
  static final long QUORUM_MILLIS = 30_000;

  /** How often the warm-up pings while it waits. */
  static final long PING_ROUND_MILLIS = 200;

  private final OrderingConfig config;
  private final AsynchServiceProxy proxy;
  private final UnstalledSend unstalled;
  private final int[] everyone;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SmartClient(OrderingConfig config, AsynchServiceProxy proxy, UnstalledSend unstalled) {
    this.config = config;
    this.proxy = proxy;
    this.unstalled = unstalled;
    this.everyone = new int[config.n()];
    for (int i = 0; i < everyone.length; i++) {
      everyone[i] = i;
    }
  }

  /**
   * Connects client {@code clientId} to the group and warms the connections up (see the class
   * comment).
   *
   * @throws IllegalStateException if fewer than 2f+1 replicas answered the warm-up in time
   */
  public static SmartClient connect(OrderingConfig config, int clientId) {
    return connect(config, clientId, true);
  }

  /** As {@link #connect(OrderingConfig, int)}; tests can turn the stall workaround off. */
  static SmartClient connect(OrderingConfig config, int clientId, boolean skipSendWait) {
    if (clientId < config.n()) {
      throw new IllegalArgumentException(
          "client id " + clientId + " collides with replica ids 0.." + (config.n() - 1));
    }
    DeserializationFilter.install();
    TOMConfiguration conf =
        EngineConfiguration.build(config, clientId, new ClientKeyLoader(clientId));
    AsynchServiceProxy proxy = new AsynchServiceProxy(conf, new MemoryBasedViewStorage());
    SmartClient client = new SmartClient(config, proxy, skipSendWait ? new UnstalledSend() : null);
    try {
      client.warmUp();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    } catch (InterruptedException e) {
      client.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting", e);
    }
    return client;
  }

  /**
   * Asks every replica of {@code config} how it is (a status ping, answered by the replica's engine
   * layer, not the application) and collects the answers that arrive within {@code wait}, from a
   * client with a random id that is closed again. Replicas that did not answer are missing from the
   * result. Works whatever state the group is in.
   */
  public static java.util.SortedMap<Integer, ReplicaStatus> probe(
      OrderingConfig config, Duration wait) throws InterruptedException {
    DeserializationFilter.install();
    int clientId =
        Math.max(config.n(), 1024)
            + new java.security.SecureRandom().nextInt(Integer.MAX_VALUE - 1024 - config.n());
    TOMConfiguration conf =
        EngineConfiguration.build(config, clientId, new ClientKeyLoader(clientId));
    AsynchServiceProxy proxy = new AsynchServiceProxy(conf, new MemoryBasedViewStorage());
    java.util.SortedMap<Integer, ReplicaStatus> answers =
        java.util.Collections.synchronizedSortedMap(new java.util.TreeMap<>());
    ReplyListener listener =
        new ReplyListener() {
          @Override
          public void replyReceived(RequestContext context, TOMMessage reply) {
            ReplicaStatus status = Frames.pongStatus(reply.getSender(), reply.getContent());
            if (status != null && reply.getSender() >= 0 && reply.getSender() < config.n()) {
              answers.put(reply.getSender(), status);
            }
          }

          @Override
          public void reset() {}
        };
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      UnstalledSend unstalled = new UnstalledSend();
      int[] everyone = new int[config.n()];
      for (int i = 0; i < everyone.length; i++) {
        everyone[i] = i;
      }
      // a replica answers a client only after a message on its current connection: ping in rounds
      while (answers.size() < config.n() && System.nanoTime() - deadline < 0) {
        int op;
        try {
          op =
              unstalled.send(
                  () ->
                      proxy.invokeAsynchRequest(
                          Frames.ping(), everyone, listener, TOMMessageType.UNORDERED_REQUEST));
        } catch (RuntimeException e) {
          // fewer than f+1 replicas connected: the library refuses to send
          TimeUnit.MILLISECONDS.sleep(PING_ROUND_MILLIS); // pause between ping rounds
          continue;
        }
        TimeUnit.MILLISECONDS.sleep(PING_ROUND_MILLIS); // pause between ping rounds
        proxy.cleanAsynchRequest(op);
      }
      return new java.util.TreeMap<>(answers);
    } finally {
      proxy.close();
    }
  }

  private void warmUp() throws InterruptedException {
    int n = config.n();
    int quorum = 2 * config.f() + 1;
    long start = System.nanoTime();
    long allBy = start + TimeUnit.MILLISECONDS.toNanos(ALL_REPLICAS_MILLIS);
    long quorumBy = start + TimeUnit.MILLISECONDS.toNanos(QUORUM_MILLIS);
    WarmUp answers = new WarmUp(n);
    while (true) {
      int op = send(Frames.ping(), answers, TOMMessageType.UNORDERED_REQUEST);
      int ready;
      try {
        ready = answers.await(n, Duration.ofMillis(PING_ROUND_MILLIS));
      } finally {
        proxy.cleanAsynchRequest(op);
      }
      long now = System.nanoTime();
      if (ready == n) {
        return;
      }
      if (ready >= quorum && now - allBy >= 0) {
        LOG.info("{} of {} replicas ready after the warm-up ({})", ready, n, answers);
        return;
      }
      if (now - quorumBy >= 0) {
        throw new IllegalStateException(
            "only " + ready + " of " + n + " replicas ready within " + QUORUM_MILLIS + " ms");
      }
    }
  }

  @Override
  public Invocation invoke(byte[] request, boolean unordered, ReplyHandler replies) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(replies, "replies");
    if (closed.get()) {
      throw new IllegalStateException("client closed");
    }
    Forwarder forwarder = new Forwarder(replies);
    TOMMessageType type =
        unordered ? TOMMessageType.UNORDERED_REQUEST : TOMMessageType.ORDERED_REQUEST;
    int op = send(Frames.wrap(Frames.APPLICATION, request), forwarder, type);
    return () -> {
      forwarder.cancelled = true;
      proxy.cleanAsynchRequest(op);
    };
  }

  private int send(byte[] framed, ReplyListener listener, TOMMessageType type) {
    try {
      if (unstalled == null) {
        return proxy.invokeAsynchRequest(framed, everyone, listener, type);
      }
      return unstalled.send(() -> proxy.invokeAsynchRequest(framed, everyone, listener, type));
    } catch (RuntimeException e) {
      // The library throws a bare RuntimeException when fewer than f+1 replicas are connected.
      throw new IllegalStateException("cannot send to the replicas: " + e.getMessage(), e);
    }
  }

  @Override
  public int n() {
    return config.n();
  }

  @Override
  public int f() {
    return config.f();
  }

  /** Closes the connections; the library's Netty threads end within its graceful-shutdown time. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      proxy.close();
    }
  }

  /** Hands application replies of one invocation to the caller's handler. */
  private static final class Forwarder implements ReplyListener {
    private final ReplyHandler handler;
    volatile boolean cancelled;

    Forwarder(ReplyHandler handler) {
      this.handler = handler;
    }

    @Override
    public void replyReceived(RequestContext context, TOMMessage reply) {
      if (cancelled) {
        return;
      }
      byte[] content = reply.getContent();
      if (Frames.kind(content) == Frames.APPLICATION) {
        handler.reply(reply.getSender(), Frames.payload(content));
      }
    }

    @Override
    public void reset() {
      // Called only when the library re-sends after a view change; replies keep flowing here.
    }
  }
}
