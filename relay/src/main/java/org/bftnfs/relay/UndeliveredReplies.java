package org.bftnfs.relay;

import java.net.InetSocketAddress;
import java.nio.channels.CompletionHandler;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts replies the relay could not send because the client hung up first (broken pipe, connection
 * reset, connection already closed): a rate-limited WARN line with the count ({@link
 * RateLimitedWarning}) instead of an ERROR line per reply.
 *
 * <p>oncrpc4j's {@code RpcCall} logs every failed send itself, at ERROR ("Failed to send RPC to
 * ..."), before it notifies the call's send listeners; {@code bin/bftnfs} turns that logger off
 * (its {@code simplelogger.properties}) and the relay registers this handler on every call it
 * answers, so each failure is still counted and announced, just not once per record. Thread-safe.
 */
final class UndeliveredReplies implements CompletionHandler<Integer, InetSocketAddress> {

  private static final Logger LOG = LoggerFactory.getLogger(UndeliveredReplies.class);

  /** What the WARN lines say. */
  static final String WHAT = "replies not delivered (the client hung up first)";

  private final RateLimitedWarning warning;

  /**
   * @param nanoTime time source of the rate limit
   */
  UndeliveredReplies(LongSupplier nanoTime) {
    this.warning =
        new RateLimitedWarning(LOG, WHAT, RateLimitedWarning.DEFAULT_INTERVAL_NANOS, nanoTime);
  }

  /** How many replies could not be sent so far. */
  long count() {
    return warning.total();
  }

  /** A reply went out: nothing to report. */
  @Override
  public void completed(Integer bytes, InetSocketAddress peer) {}

  /** A reply could not be sent to {@code peer}: counted, and reported at the rate limit. */
  @Override
  public void failed(Throwable failure, InetSocketAddress peer) {
    warning.occurred(peer, String.valueOf(failure));
  }
}
