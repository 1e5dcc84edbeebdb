package org.bftnfs.bench.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.bftnfs.backend.nfs.NfsEndpoint;
import org.junit.jupiter.api.Test;

class ReadyLineTest {

  @Test
  void theReadyLineNamesHostExportAndBothPorts() {
    NfsEndpoint e =
        ReadyLine.parse(
            "t",
            "ready: nfs://127.0.0.1/bftnfs?version=3&nfsport=2049&mountport=2050",
            Duration.ofSeconds(5));
    assertThat(e.host()).isEqualTo("127.0.0.1");
    assertThat(e.exportPath()).isEqualTo("/bftnfs");
    assertThat(e.nfsPort()).isEqualTo(2049);
    assertThat(e.mountPort()).isEqualTo(2050);
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void mountSharesTheNfsPortWhenNotGiven() {
    NfsEndpoint e =
        ReadyLine.parse(
            "t", "ready: nfs://127.0.0.1/x?version=3&nfsport=7000", Duration.ofSeconds(1));
    assertThat(e.mountPort()).isEqualTo(7000);
  }

  @Test
  void otherLinesAreRejected() {
    assertThatThrownBy(() -> ReadyLine.parse("t", "note: x", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadyLine.parse("t", "ready: http://h/x?a=1", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
