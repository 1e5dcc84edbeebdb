package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The agreed time of an ordered request (paper §3.1: timestamps are chosen by the primary and
 * checked by the backups against their clocks): the leader's timestamp, bounded around the time the
 * relay signed the request, and strictly monotonic.
 */
class AgreedTimeTest {

  @Test
  void agreedTimeIsTheLeadersClampedAroundTheRelaysAndMonotonic() {
    long bound = NfsReplica.CLOCK_BOUND.toMillis();
    long relay = 1_700_000_000_000L;
    assertThat(NfsReplica.agreedTime(0, relay + 5, relay)).isEqualTo((relay + 5) * 1_000_000L);
    assertThat(NfsReplica.agreedTime(0, Long.MAX_VALUE, relay))
        .isEqualTo((relay + bound) * 1_000_000L);
    assertThat(NfsReplica.agreedTime(0, 0, relay)).isEqualTo((relay - bound) * 1_000_000L);
    long previous = (relay + 1000) * 1_000_000L;
    assertThat(NfsReplica.agreedTime(previous, relay, relay)).isEqualTo(previous + 1_000);
    // no overflow whatever a signed request claims
    assertThat(NfsReplica.agreedTime(0, Long.MAX_VALUE, Long.MAX_VALUE)).isPositive();
    assertThat(NfsReplica.agreedTime(Long.MAX_VALUE, 0, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
