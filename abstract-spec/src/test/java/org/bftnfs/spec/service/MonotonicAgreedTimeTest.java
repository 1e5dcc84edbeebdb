package org.bftnfs.spec.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.bftnfs.spec.AgreedValues;
import org.junit.jupiter.api.Test;

class MonotonicAgreedTimeTest {

  /** A clock a test sets by hand. */
  private static final class ManualClock extends Clock {
    private Instant now;

    ManualClock(Instant start) {
      now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void followsTheClockAndNeverRepeatsOrGoesBack() {
    ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_700_000_000L, 999_999_999));
    MonotonicAgreedTime time = new MonotonicAgreedTime(clock);
    assertThat(time.next()).isEqualTo(new AgreedValues(1_700_000_000, 999_999_999));
    // the clock stands still: one step (1 µs) later
    assertThat(time.next()).isEqualTo(new AgreedValues(1_700_000_001, 999));
    clock.set(Instant.ofEpochSecond(1_600_000_000L));
    assertThat(time.next()).isEqualTo(new AgreedValues(1_700_000_001, 1_999));
    clock.set(Instant.ofEpochSecond(1_800_000_000L, 5));
    assertThat(time.next()).isEqualTo(new AgreedValues(1_800_000_000, 5));
  }
}
