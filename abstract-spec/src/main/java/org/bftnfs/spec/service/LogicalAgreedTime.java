package org.bftnfs.spec.service;

import org.bftnfs.spec.AgreedValues;

/**
 * A deterministic "agreed" time: a counter that starts at {@value #START_SECONDS} seconds past the
 * epoch and advances by one microsecond per execution. Two services fed the same calls in the same
 * order then give byte-identical replies (for differential tests across processes).
 */
public final class LogicalAgreedTime implements AgreedTimeSource {

  /** 2001-09-09T01:46:40Z. */
  public static final long START_SECONDS = 1_000_000_000L;

  private long micros;

  @Override
  public AgreedValues next() {
    micros++;
    return AgreedValues.ofEpochNanos(START_SECONDS * 1_000_000_000L + micros * 1_000L);
  }
}
