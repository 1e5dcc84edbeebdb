package org.bftnfs.spec.service;

import java.time.Clock;
import java.time.Instant;
import org.bftnfs.spec.AgreedValues;

/**
 * Turns a {@link Clock} into a strictly increasing sequence of {@link AgreedValues}: each value is
 * the clock's time, or 1 ns after the previous value when the clock has not moved forward (same
 * reading, or a step backwards). Not thread-safe: one caller at a time.
 */
public final class MonotonicAgreedTime implements AgreedTimeSource {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Clock clock;
  private long lastNanos = Long.MIN_VALUE;

  /**
   * @param clock the time source
   */
  public MonotonicAgreedTime(Clock clock) {
    this.clock = clock;
  }

  /** The time for the next execution, later than every time returned before. */
  @Override
  public AgreedValues next() {
    Instant now = clock.instant();
    long nanos = now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    lastNanos = lastNanos == Long.MIN_VALUE || nanos > lastNanos ? nanos : lastNanos + 1;
    return AgreedValues.ofEpochNanos(lastNanos);
  }
}
