package org.bftnfs.relay;

import java.time.Duration;

/**
 * What one RPC server lets its clients hold (see {@link ConnectionGuard}).
 *
 * @param maxConnections most client connections open at once; one more is closed at once, with a
 *     (rate-limited) WARN line naming this limit. Keep it below the process's file descriptor limit
 *     ({@code ulimit -n}) minus what the server needs for itself.
 * @param maxBufferedBytes most bytes of incomplete records held across all connections; above it,
 *     connections holding more than 8 KiB of an incomplete record are not read from (TCP
 *     back-pressure) until others complete, close or time out. Each connection may overshoot by 8
 *     KiB plus what one read returns.
 * @param recordTimeout longest time a record may stay incomplete; then the connection is closed
 * @param idleTimeout longest time a connection may send nothing; then it is closed (NFS clients
 *     reconnect transparently)
 */
public record ConnectionLimits(
    int maxConnections, long maxBufferedBytes, Duration recordTimeout, Duration idleTimeout) {

  /** Default connection cap: well below the common descriptor limits of 1,024 or more. */
  public static final int DEFAULT_MAX_CONNECTIONS = 900;

  /** Default bound on buffered bytes: 64 records of the default maximum size. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * RelayConfig.DEFAULT_MAX_RECORD_SIZE;

  /** Default time a record may take to arrive. */
  public static final Duration DEFAULT_RECORD_TIMEOUT = Duration.ofSeconds(30);

  /** Default time a connection may stay silent. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);

  /** Validates. */
  public ConnectionLimits {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("need room for at least one connection");
    }
    if (maxBufferedBytes < 1) {
      throw new IllegalArgumentException("buffered bytes limit must be positive");
    }
    if (recordTimeout == null || recordTimeout.isNegative() || recordTimeout.isZero()) {
      throw new IllegalArgumentException("record timeout must be positive: " + recordTimeout);
    }
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
    }
  }

  /** The defaults above. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_BUFFERED_BYTES,
        DEFAULT_RECORD_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT);
  }
}
