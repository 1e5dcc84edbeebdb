package org.bftnfs.spec.service;

import java.time.Clock;
import java.time.Instant;
import org.bftnfs.spec.AgreedValues;

/**
 * Turns a {@link Clock} into a strictly increasing sequence of {@link AgreedValues}: each value is
 * the clock's time, or {@link AgreedValues#STEP_NANOS} after the previous value when the clock has
 * not moved far enough forward (same reading, or a step backwards) — {@link AgreedValues#after}.
 * Not thread-safe: one caller at a time.
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
    lastNanos = AgreedValues.after(lastNanos, nanos);
    return AgreedValues.ofEpochNanos(lastNanos);
  }
}
