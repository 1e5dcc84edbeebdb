package org.bftnfs.replication.ordering.smart;

import java.util.function.IntSupplier;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs a BFT-SMaRt client send without the library's wait for the previous send.
 *
 * <p>The problem: before each send, the library's Netty client waits until the channel writes of
 * the previous send completed, for at most one second. A write to a crashed replica's channel never
 * completes (or is never counted), so with one replica down every invocation stalls for a second.
 * The wait is a {@code Condition.await} that gives up when the calling thread is interrupted, so
 * this class sets the caller's interrupt flag around the send and restores the caller's own flag
 * afterwards. Nothing else on the send path looks at the flag (its locks are uninterruptible, Netty
 * writes are queued to the event loop). Writes still go to every replica whose channel is open, in
 * order; only the pacing wait is skipped, so with many outstanding invocations the channels'
 * outbound buffers absorb the burst.
 *
 * <p>The library logs the interrupted wait as SEVERE through {@code java.util.logging}; a filter on
 * that one logger drops exactly those records (level SEVERE, no message, an {@link
 * InterruptedException} attached). This object keeps a reference to the logger, so the filter stays
 * installed while a client lives (the JDK holds loggers weakly).
 *
 * <p>This depends on the exact library version (com.jd.blockchain:bft-smart:0.0.8.RELEASE, class
 * {@value #SENDER}); {@code SmartClusterIT} measures it with a replica down.
 */
final class UnstalledSend {

  static final String SENDER =
      "bftsmart.communication.client.netty.NettyClientServerCommunicationSystemClientSide";

  private final Logger senderLogger;

  UnstalledSend() {
    senderLogger = Logger.getLogger(SENDER);
    synchronized (senderLogger) {
      Filter current = senderLogger.getFilter();
      if (!(current instanceof DropInterruptedWait)) {
        senderLogger.setFilter(new DropInterruptedWait(current));
      }
    }
  }

  /** Runs {@code send} (which returns the library's operation id) with the wait skipped. */
  int send(IntSupplier send) {
    boolean callerInterrupted = Thread.interrupted();
    Thread.currentThread().interrupt();
    try {
      return send.getAsInt();
    } finally {
      Thread.interrupted();
      if (callerInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Drops the library's report of an interrupted wait; passes everything else on. */
  private static final class DropInterruptedWait implements Filter {
    private final Filter next;

    DropInterruptedWait(Filter next) {
      this.next = next;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
      if (record.getLevel() == Level.SEVERE
          && record.getMessage() == null
          && record.getThrown() instanceof InterruptedException) {
        return false;
      }
      return next == null || next.isLoggable(record);
    }
  }
}
