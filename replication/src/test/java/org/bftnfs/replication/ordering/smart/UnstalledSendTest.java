package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class UnstalledSendTest {

  @Test
  void theSendSeesTheInterruptFlagAndTheCallersFlagIsRestored() {
    UnstalledSend unstalled = new UnstalledSend();

    assertThat(unstalled.send(() -> Thread.currentThread().isInterrupted() ? 1 : 0)).isEqualTo(1);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();

    Thread.currentThread().interrupt();
    try {
      assertThat(unstalled.send(() -> 7)).isEqualTo(7);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theFlagIsClearedEvenWhenTheSendThrows() {
    UnstalledSend unstalled = new UnstalledSend();
    try {
      unstalled.send(
          () -> {
            throw new IllegalStateException("no replicas");
          });
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessage("no replicas");
    }
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void onlyTheInterruptedWaitReportIsDropped() {
    UnstalledSend unstalled = new UnstalledSend();
    Logger logger = Logger.getLogger(UnstalledSend.SENDER);
    List<LogRecord> seen = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            seen.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    boolean parents = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false);
    logger.addHandler(capture);
    try {
      logger.log(Level.SEVERE, null, new InterruptedException());
      logger.log(Level.SEVERE, "something else", new InterruptedException());
      logger.log(Level.WARNING, null, new InterruptedException());
    } finally {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(parents);
    }
    assertThat(seen).extracting(LogRecord::getLevel).containsExactly(Level.SEVERE, Level.WARNING);
    assertThat(unstalled).isNotNull();
  }
}
