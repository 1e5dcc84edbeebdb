package org.bftnfs.replication.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.junit.jupiter.api.Test;

/**
 * Disagreement is reported where it means a fault: every dissent on the ordered path, and on the
 * read-only path only a replica that keeps dissenting (one that lags behind the latest write
 * dissents once or twice, then agrees again).
 */
class DissentReportTest {

  private static final NfsCall READ = new NfsCall(6, Credentials.unix(0, 0), new byte[0]);
  private final DissentReport report = new DissentReport(0, 4);

  @Test
  void everyOrderedDissentCounts() {
    report.ordered(bits(), READ, 1);
    assertThat(report.count()).isZero();
    report.ordered(bits(3), READ, 2);
    report.ordered(bits(2, 3), READ, 3);
    assertThat(report.count()).isEqualTo(2);
  }

  @Test
  void aLaggingReplicaIsNotReportedOnTheReadOnlyPath() {
    BitSet all = bits(0, 1, 2, 3);
    for (int round = 0; round < 10; round++) {
      report.readOnly(all, bits(2), READ);
      report.readOnly(all, bits(2), READ);
      report.readOnly(all, bits(), READ); // caught up
    }
    assertThat(report.count()).isZero();
  }

  @Test
  void aReplicaThatKeepsDissentingOnReadsIsReported() {
    BitSet all = bits(0, 1, 2, 3);
    report.readOnly(all, bits(3), READ);
    report.readOnly(all, bits(3), READ);
    assertThat(report.count()).isZero();
    report.readOnly(all, bits(3), READ);
    report.readOnly(all, bits(3), READ);
    assertThat(report.count()).isEqualTo(2);
    // a replica not heard from keeps its streak; one that agrees starts over
    report.readOnly(bits(0, 1, 2), bits(), READ);
    report.readOnly(all, bits(3), READ);
    assertThat(report.count()).isEqualTo(3);
    report.readOnly(all, bits(), READ);
    report.readOnly(all, bits(3), READ);
    assertThat(report.count()).isEqualTo(3);
  }

  private static BitSet bits(int... set) {
    BitSet b = new BitSet();
    for (int i : set) {
      b.set(i);
    }
    return b;
  }
}
